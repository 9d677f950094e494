import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, type LogRecord, SIGNING_SECRET, startHarness } from "../adapters/slack/harness.js";
import { FAKE_BOT_USER } from "../fakes/slack.js";
import { eventEnvelope, mentionEvent, messageEvent } from "../fakes/slack-requests.js";
import { scaled } from "./heavy.js";
import { type ProcessFailures, watchProcessFailures } from "./process-failures.js";

const MUTATION_RUNS = scaled(100, 1_000);
const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";

let harness: Harness;
let failures: ProcessFailures;
beforeAll(async () => {
  failures = watchProcessFailures();
  harness = await startHarness();
});
afterAll(async () => {
  failures.stop();
  await harness.close();
});

const question = () => mentionEvent({ text: `<@${FAKE_BOT_USER}> Does Django scale?` });
const event = (fields: Record<string, unknown>) => JSON.stringify(eventEnvelope(fields));
const command = (fields: Record<string, string>) =>
  new URLSearchParams({ command: "/ask", text: "Does Django scale?", channel_id: "C0000001", user_id: "U_HUMAN", response_url: "http://127.0.0.1:9/r", trigger_id: "t.1", ...fields }).toString();
const rejectedField = (field: string) => (record: LogRecord) => record.msg === "ignored a malformed Slack payload" && String(record.reason).startsWith(`${field}:`);

/** Posts a correctly signed body, then waits for the log record that says why it was not answered. */
async function postAndExplain(body: string, contentType: string, explains: (record: LogRecord) => boolean): Promise<{ status: number; record: LogRecord }> {
  const before = harness.logs.records.length;
  const result = await harness.post(body, contentType);
  const record = await harness.logs.waitFor((candidate) => harness.logs.records.indexOf(candidate) >= before && explains(candidate));
  return { status: result.status, record };
}

describe("malformed Slack payloads through the real Bolt app (HTTP mode)", () => {
  it.each([
    ["an app_mention without channel", event({ ...question(), channel: undefined }), "channel"],
    ["an app_mention whose text is a number", event({ ...question(), text: 42 }), "text"],
    ["an app_mention whose text is an object", event({ ...question(), text: { rich: true } }), "text"],
    ["an app_mention whose ts is a number", event({ ...question(), ts: 1700000000 }), "ts"],
    ["an app_mention whose ts is not a Slack timestamp", event({ ...question(), ts: "yesterday" }), "ts"],
    ["a DM without ts", event({ ...messageEvent({ text: "hi", channel: "D0000001", channel_type: "im" }), ts: undefined }), "ts"],
  ])("acks %s, logs the field zod rejected, and answers nothing", async (_name, body, field) => {
    const posts = harness.fake.callsTo("chat.postMessage").length;
    const { status } = await postAndExplain(body, JSON_TYPE, rejectedField(field));
    expect({ status, posts: harness.fake.callsTo("chat.postMessage").length }).toEqual({ status: 200, posts });
  });

  it.each([
    ["without user_id", command({ user_id: "" }), "user_id"],
    ["with a response_url that is not a URL", command({ response_url: "not a url" }), "response_url"],
  ])("acks a slash command %s and logs the field zod rejected", async (_name, body, field) => {
    const { status } = await postAndExplain(body, FORM_TYPE, rejectedField(field));
    expect(status).toBe(200);
  });

  const refused = (reason: RegExp) => (record: LogRecord) => record.msg === "refused a Slack request" && reason.test(String(record.reason));

  it.each([
    ["a body that is not JSON", "{not json", JSON_TYPE, /not valid JSON/],
    ["an app_mention whose user is an array", event({ ...question(), user: ["U1", "U2"] }), JSON_TYPE, /^event\.user:/],
    ["an event that is not an object", JSON.stringify({ ...eventEnvelope({}), event: "a string" }), JSON_TYPE, /^event:/],
    ["an envelope without an event", JSON.stringify({ ...eventEnvelope({}), event: undefined }), JSON_TYPE, /^event:/],
    [
      "button actions that are not a list",
      new URLSearchParams({ payload: JSON.stringify({ type: "block_actions", user: { id: "U1" }, team: { id: "T0000001" }, actions: "x" }) }).toString(),
      FORM_TYPE,
      /^actions:/,
    ],
  ])("answers 400 at once to %s, before Bolt reads it, and logs why", async (_name, body, contentType, reason) => {
    const started = performance.now();
    const { status } = await postAndExplain(body, contentType, refused(reason));
    expect({ status, prompt: performance.now() - started < 1_000 }).toEqual({ status: 400, prompt: true });
  });

  it(`gives each of ${MUTATION_RUNS} randomly broken app_mention events an HTTP answer, never an unhandled failure`, async () => {
    const field = fc.constantFrom("user", "text", "ts", "thread_ts", "channel", "channel_type", "bot_id", "subtype", "event_ts");
    const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.jsonValue({ maxDepth: 2 }), fc.string({ unit: "binary", maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(field, junk), { minLength: 1, maxLength: 4 }), async (mutations) => {
        const broken: Record<string, unknown> = { ...question() };
        for (const [name, value] of mutations) broken[name] = value;
        const result = await harness.post(event(broken), JSON_TYPE);
        // 200: taken (answered, or ignored with the field named); 400: refused at the edge with the reason logged.
        expect([200, 400]).toContain(result.status);
      }),
      { numRuns: MUTATION_RUNS },
    );
    expect(failures).toMatchObject({ unhandledRejections: [], uncaughtExceptions: [] });
  }, 60_000);

  it("still answers a well-formed question after all of the above", async () => {
    const mention = question();
    await harness.sendEvent(mention);
    const reply = await harness.fake.waitForCall("chat.postMessage", (call) => call.args.thread_ts === mention.ts);
    expect(String(reply.args.text)).toContain("Django scales exceptionally");
  });

  it("answers 401 to a forged signature before reading the body", async () => {
    const forged = await harness.post("null", JSON_TYPE, { secret: `${SIGNING_SECRET}-wrong` });
    expect(forged.status).toBe(401);
  });

  it("answers 400 to a correctly signed JSON null body, which Bolt itself cannot handle", async () => {
    const { status } = await postAndExplain("null", JSON_TYPE, refused(/not null/));
    expect(status).toBe(400);
  });
});
