import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { type SlackRequestKind, checkSlackRequestBody } from "./payloads.js";

/** Slack: refuse a request whose timestamp is more than five minutes from now (https://docs.slack.dev/authentication/verifying-requests-from-slack). */
const SLACK_TIMESTAMP_TOLERANCE_S = 300;
/** Bolt's own limit; Slack's requests are a few kilobytes. */
const SLACK_BODY_MAX_BYTES = 4 * 1024 * 1024;
/** The only two content types Slack sends: events as JSON, slash commands and interactions form-encoded. */
const MEDIA_TYPES = new Set(["application/json", "application/x-www-form-urlencoded"]);

export type Admission =
  | { ok: true; kind: SlackRequestKind | "ssl_check"; rawBody: Buffer; mediaType: string }
  | { ok: false; status: 400 | 401 | 413 | 415; reason: string };

export interface GateOptions {
  signingSecret: string;
  now?: () => number;
  maxBytes?: number;
}

/**
 * Everything Slack's HTTP requests must satisfy before Bolt reads them, each failure answered at once with its
 * own status: 415 for a content type Slack never sends, 401 for a bad signature or a timestamp more than five
 * minutes off either way (Bolt checks only the past), 400 for a body that does not decode to a request citebot
 * handles (Bolt throws on some, such as JSON `null`, and leaves others to a 404 after three seconds).
 */
export async function admitSlackRequest(req: IncomingMessage, options: GateOptions): Promise<Admission> {
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!MEDIA_TYPES.has(mediaType)) return { ok: false, status: 415, reason: `content type "${mediaType.slice(0, 60) || "(none)"}" is not one Slack sends` };
  const rawBody = await readBody(req, options.maxBytes ?? SLACK_BODY_MAX_BYTES);
  if (!rawBody) return { ok: false, status: 413, reason: "body is larger than any Slack request" };
  const text = rawBody.toString("utf8");
  // Slack's SSL check carries no signature and asks only for a 200.
  if (mediaType === "application/x-www-form-urlencoded" && parseQuery(text).ssl_check === "1") return { ok: true, kind: "ssl_check", rawBody: Buffer.from("ssl_check=1"), mediaType };

  const signed = checkSignature(req, text, options);
  if (signed) return { ok: false, status: 401, reason: signed };

  let body: unknown;
  try {
    body = decode(text, mediaType);
  } catch (error) {
    return { ok: false, status: 400, reason: (error as Error).message };
  }
  const checked = checkSlackRequestBody(body);
  if (!checked.ok) return { ok: false, status: 400, reason: checked.reason };
  return { ok: true, kind: checked.kind, rawBody, mediaType };
}

/** Why the signature or timestamp is refused, or undefined when both hold. */
function checkSignature(req: IncomingMessage, body: string, options: GateOptions): string | undefined {
  const timestampHeader = req.headers["x-slack-request-timestamp"];
  const signature = req.headers["x-slack-signature"];
  if (typeof timestampHeader !== "string" || !/^\d{1,12}$/.test(timestampHeader)) return "x-slack-request-timestamp is missing or not a number";
  if (typeof signature !== "string" || !signature.startsWith("v0=")) return "x-slack-signature is missing or not a v0 signature";
  const skew = Math.round((options.now ?? Date.now)() / 1000) - Number(timestampHeader);
  if (Math.abs(skew) > SLACK_TIMESTAMP_TOLERANCE_S) return `timestamp is ${Math.abs(skew)} s in the ${skew > 0 ? "past" : "future"} (at most ${SLACK_TIMESTAMP_TOLERANCE_S} s either way)`;
  const expected = `v0=${crypto.createHmac("sha256", options.signingSecret).update(`v0:${timestampHeader}:${body}`).digest("hex")}`;
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !crypto.timingSafeEqual(given, wanted)) return "signature does not match SLACK_SIGNING_SECRET";
  return undefined;
}

function decode(text: string, mediaType: string): unknown {
  if (mediaType === "application/json") return parseJson(text, "body");
  const form = parseQuery(text);
  // Interactions arrive as one form field holding JSON; slash commands as plain fields.
  if ("payload" in form) {
    if (typeof form.payload !== "string") throw new Error("payload: must appear once");
    return parseJson(form.payload, "payload");
  }
  return form;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what}: not valid JSON (${(error as Error).message.slice(0, 80)})`);
  }
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
