import crypto from "node:crypto";
import { Readable } from "node:stream";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { admitSlackRequest } from "../../../src/adapters/slack/request-gate.js";

const SECRET = "gate-secret";
const NOW_S = 1_800_000_000;

function request(body: string, options: { contentType?: string; timestamp?: number; secret?: string } = {}): IncomingMessage {
  const timestamp = options.timestamp ?? NOW_S;
  const signature = `v0=${crypto.createHmac("sha256", options.secret ?? SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return Object.assign(Readable.from([Buffer.from(body)]), {
    headers: { "content-type": options.contentType ?? "application/json", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature },
  }) as unknown as IncomingMessage;
}

const admit = (req: IncomingMessage) => admitSlackRequest(req, { signingSecret: SECRET, now: () => NOW_S * 1000 });
const envelope = JSON.stringify({ type: "event_callback", event_id: "Ev1", event: { type: "app_mention", channel: "C1", user: "U1", ts: "1.2", text: "hi" } });

describe("admitSlackRequest", () => {
  it("admits a signed event envelope and says what it is", async () => {
    expect(await admit(request(envelope))).toMatchObject({ ok: true, kind: "event_callback", mediaType: "application/json" });
  });

  it("admits a form-encoded slash command, ignoring a charset parameter", async () => {
    const form = new URLSearchParams({ command: "/ask", text: "hi", channel_id: "C1", user_id: "U1" }).toString();
    expect(await admit(request(form, { contentType: "application/x-www-form-urlencoded; charset=utf-8" }))).toMatchObject({ ok: true, kind: "slash_command", mediaType: "application/x-www-form-urlencoded" });
  });

  it("refuses a content type Slack never sends with 415, before reading the signature", async () => {
    expect(await admit(request(envelope, { contentType: "text/plain", secret: "wrong" }))).toMatchObject({ ok: false, status: 415 });
  });

  it.each([
    ["more than five minutes in the past", NOW_S - 301, /in the past/],
    ["more than five minutes in the future", NOW_S + 301, /in the future/],
  ])("refuses a timestamp %s with 401", async (_name, timestamp, reason) => {
    expect(await admit(request(envelope, { timestamp }))).toEqual({ ok: false, status: 401, reason: expect.stringMatching(reason) });
  });

  it("admits timestamps up to five minutes off either way", async () => {
    for (const timestamp of [NOW_S - 300, NOW_S + 300]) expect(await admit(request(envelope, { timestamp }))).toMatchObject({ ok: true });
  });

  it("refuses a wrong signature with 401", async () => {
    expect(await admit(request(envelope, { secret: "wrong" }))).toMatchObject({ ok: false, status: 401, reason: expect.stringContaining("signature") });
  });

  it.each([
    ["null", /not null/],
    ["[1]", /not an array/],
    ['{"type":"event_callback","event_id":"Ev1"}', /^event:/],
    ['{"type":"event_callback","event_id":"Ev1","event":{"type":"message","channel":null}}', /^event\.channel:/],
    ['{"type":"view_submission"}', /does not handle "view_submission"/],
  ])("refuses the signed JSON body %s with 400 and the reason", async (body, reason) => {
    expect(await admit(request(body))).toEqual({ ok: false, status: 400, reason: expect.stringMatching(reason) });
  });

  it("answers Slack's unsigned SSL check", async () => {
    const req = request("ssl_check=1&token=x", { contentType: "application/x-www-form-urlencoded", secret: "unsigned" });
    expect(await admit(req)).toMatchObject({ ok: true, kind: "ssl_check" });
  });
});
