import type { Kysely } from "kysely";
import type { StoreKind } from "../store-kind.js";

/**
 * One schema change. Versions are whole numbers, applied in order, each once, inside the transaction that holds
 * the migration lock. A migration only adds (tables, nullable columns, indexes): a replica still running the
 * previous release keeps working against the new schema during a rolling deploy.
 */
export interface Migration {
  version: number;
  name: string;
  // `any` tables: a migration describes the schema as it was at its version, not as `Tables` says today.
  up(db: Kysely<any>, kind: StoreKind): Promise<void>;
}
