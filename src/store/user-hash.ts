import { createHmac } from "node:crypto";
import { CitebotError, ErrorCode } from "../errors.js";
import type { StoreEngine } from "./engine.js";
import { USER_HASH_KEY } from "./migrations/001-initial.js";
import type { Platform } from "./records.js";

/** Raw platform user ids are never stored: this keyed hash stands in for them (feedback now, the questions log later). */
export type HashUserId = (platform: Platform, userId: string) => string;

/** Reads the store's hash key (made by the first migration) and returns the hasher every replica shares. */
export async function loadUserHasher(engine: StoreEngine): Promise<HashUserId> {
  const row = await engine.db.selectFrom("store_meta").select("value").where("key", "=", USER_HASH_KEY).executeTakeFirst();
  if (!row || !/^[0-9a-f]{64}$/.test(row.value)) {
    throw new CitebotError(ErrorCode.StoreFailed, `The store at ${engine.location} has no user-id hash key (store_meta.${USER_HASH_KEY}); it was not made by citebot's migrations.`);
  }
  const key = Buffer.from(row.value, "hex");
  return (platform, userId) => createHmac("sha256", key).update(`${platform}:${userId}`).digest("base64url").slice(0, 32);
}
