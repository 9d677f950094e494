import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InteractionCreateDispatch, MessageCreateDispatch } from "../../src/adapters/discord/gateway-payloads.js";
import { AppMentionEvent, ButtonAction, EventCallback } from "../../src/adapters/slack/payloads.js";
import { ids, memberOf, messageObject, users } from "../fakes/discord-payloads.js";
import { FAKE_BOT_USER } from "../fakes/slack.js";
import { buttonClickForm, eventEnvelope, mentionEvent } from "../fakes/slack-requests.js";
import { scaled } from "../reliability/heavy.js";
import { INJECT_FAULTS, type LogLine, type NpmStart, isReady, npmStart } from "./npm-start.js";
import { schemaFields, wrongShapes } from "./wrong-shapes.js";
import { type World, askDiscord, askSlack, createWorld, postToSlack } from "./world.js";

// One `npm start` (Slack over HTTP and Discord, against loopback fakes) takes every bad input below, one after
// another, and must still be answering at the end. The fault injector is loaded only here (see inject-faults.mjs).

const RUNS = scaled(100, 1_000);
const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";
/** Bad input is refused at once: well inside Slack's 3 s, never Bolt's 404 after it (the margin is for a loaded machine). */
const PROMPT_MS = 2_000;
/** How long one input may take to show its outcome (answered, or refused and logged). */
const OUTCOME_MS = 10_000;

let world: World;
let bot: NpmStart;
let eventsUrl: string;

beforeAll(async () => {
  world = await createWorld();
  bot = npmStart({ ...world.settings, LOG_LEVEL: "debug" }, { preload: [INJECT_FAULTS] });
  await bot.waitForLog(isReady, 90_000);
  const { port } = await bot.waitForLog((line) => /^Slack adapter ready/.test(line.msg));
  eventsUrl = `http://127.0.0.1:${String(port)}/slack/events`;
}, 120_000);

afterAll(async () => {
  await bot?.destroy();
  await world?.close();
});

const faults = () => bot.logs().filter((line) => line.component === "process-guard" && line.level >= 50);
const after = (mark: number, match: (line: LogLine) => boolean) => (line: LogLine) => bot.logs().indexOf(line) >= mark && match(line);

/** A question is answered on both platforms: proof the process is still serving. */
async function stillAnswers(): Promise<void> {
  const slack = await askSlack(world, eventsUrl, "How tall is the Bell Rock lighthouse?");
  expect(String(slack.reply.args.text)).toMatch(/35 metres/);
  const discord = await askDiscord(world, "Which volcano buried Pompeii?");
  expect(JSON.stringify(discord.reply.body.embeds)).toMatch(/Vesuvius/);
}

describe("process-wide faults", () => {
  it("removes the handlers the embedding model installs, which would re-throw and end the process", () => {
    const removed = bot.logs().filter((line) => line.msg === "removed a process-wide handler another package installed").map((line) => line.event);
    expect(new Set(removed)).toEqual(new Set(["uncaughtException", "unhandledRejection"]));
  });

  it("keeps answering on Slack and Discord after an injected unhandled rejection and uncaught exception", async () => {
    const mark = bot.logs().length;
    process.kill(await bot.botPid(), "SIGUSR2");
    const rejection = await bot.waitForLog(after(mark, (line) => line.msg === "unhandled rejection; citebot keeps serving"));
    const exception = await bot.waitForLog(after(mark, (line) => line.msg === "uncaught exception; citebot keeps serving"));
    expect([rejection.referenceId, exception.referenceId]).toEqual([expect.stringMatching(/^E-[0-9A-F]{8}$/), expect.stringMatching(/^E-[0-9A-F]{8}$/)]);
    await stillAnswers();
    expect(await bot.botAlive()).toBe(true);
  });
});

describe("malformed Slack requests through npm start", () => {
  const question = () => mentionEvent({ text: `<@${FAKE_BOT_USER}> How tall is the Bell Rock lighthouse?` });
  const envelope = (overrides: Record<string, unknown>) => JSON.stringify({ ...eventEnvelope(question()), ...overrides });
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it.each([
    ["a JSON null body", "null", JSON_TYPE, {}, 400, /body must be an object, not null/],
    ["a JSON array body", "[]", JSON_TYPE, {}, 400, /body must be an object, not an array/],
    ["a JSON string body", '"hello"', JSON_TYPE, {}, 400, /body must be an object, not string/],
    ["a JSON number body", "42", JSON_TYPE, {}, 400, /body must be an object, not number/],
    ["a body that is not JSON", "{not json", JSON_TYPE, {}, 400, /not valid JSON/],
    ["an envelope without an event", envelope({ event: undefined }), JSON_TYPE, {}, 400, /^event:/],
    ["an envelope whose event is a string", envelope({ event: "a string" }), JSON_TYPE, {}, 400, /^event:/],
    ["a form body that is neither a command nor an interaction", "foo=bar&baz=1", FORM_TYPE, {}, 400, /type: missing/],
    ["a form payload that is not JSON", "payload=%7Bnot-json", FORM_TYPE, {}, 400, /payload: not valid JSON/],
    ["button actions that are not a list", `payload=${encodeURIComponent(JSON.stringify({ type: "block_actions", user: { id: "U1" }, actions: "x" }))}`, FORM_TYPE, {}, 400, /^actions:/],
    ["a text/plain body, however well signed", envelope({}), "text/plain", {}, 415, /content type "text\/plain"/],
    ["a timestamp ten minutes in the future", envelope({}), JSON_TYPE, { timestamp: nowSeconds() + 600 }, 401, /in the future/],
    ["a timestamp ten minutes in the past", envelope({}), JSON_TYPE, { timestamp: nowSeconds() - 600 }, 401, /in the past/],
  ])("refuses %s at once with its own status and logs why", async (_name, body, contentType, sign, status, reason) => {
    const mark = bot.logs().length;
    const started = performance.now();
    const response = await postToSlack(eventsUrl, body, contentType, sign);
    const elapsed = performance.now() - started;
    const logged = await bot.waitForLog(after(mark, (line) => line.msg === "refused a Slack request"));
    expect({ status: response.status, prompt: elapsed < PROMPT_MS, reason: String(logged.reason) }).toEqual({ status, prompt: true, reason: expect.stringMatching(reason) });
  });

  it(`gives each of ${RUNS} events of the wrong shape (from the zod schemas) an answer or a logged refusal`, async () => {
    const fields = [...schemaFields(EventCallback).filter((field) => field.path[0] !== "event"), ...schemaFields(AppMentionEvent, 2, ["event"])];
    const sample = () => eventEnvelope(question());
    await fc.assert(
      fc.asyncProperty(wrongShapes(fields, sample), async ({ payload }) => {
        const mark = bot.logs().length;
        const event = (payload as { event?: { ts?: unknown } }).event;
        const ts = typeof event === "object" && event !== null ? event.ts : undefined;
        const response = await postToSlack(eventsUrl, JSON.stringify(payload));
        if (response.status >= 400) {
          await bot.waitForLog(after(mark, (line) => line.msg === "refused a Slack request"), OUTCOME_MS);
          return;
        }
        expect(response.status).toBe(200);
        const answered = typeof ts === "string" ? world.slack.waitForCall("chat.postMessage", (call) => call.args.thread_ts === ts) : new Promise<never>(() => {});
        const explained = bot.waitForLog(after(mark, (line) => line.msg === "ignored a malformed Slack payload" || line.msg === "slack message ignored"), OUTCOME_MS);
        await Promise.race([answered, explained]);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);

  it(`gives each of ${RUNS} button clicks of the wrong shape an answer or a logged refusal`, async () => {
    const fields = schemaFields(ButtonAction);
    const responseUrl = world.slack.responseUrl("shapes");
    const value = JSON.stringify({ id: "before-restart", q: "How tall is the Bell Rock lighthouse?", c: [] });
    const sample = () => JSON.parse(new URLSearchParams(buttonClickForm({ actionId: "citebot_feedback_up", value, responseUrl })).get("payload") ?? "{}") as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(wrongShapes(fields, sample), async ({ payload }) => {
        const mark = bot.logs().length;
        const posts = world.slack.responsePosts.length;
        const response = await postToSlack(eventsUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM_TYPE);
        const outcome = (line: LogLine) => ["refused a Slack request", "ignored a malformed Slack payload", "feedback recorded"].includes(line.msg);
        if (response.status >= 400) expect(response.status).toBe(400);
        else expect(response.status).toBe(200);
        await Promise.race([bot.waitForLog(after(mark, outcome), OUTCOME_MS), world.slack.waitForResponsePost(() => world.slack.responsePosts.length > posts)]);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});

describe("malformed Discord dispatches through npm start", () => {
  const question = (): Record<string, unknown> => ({
    ...messageObject(ids.text, users.human, `<@${ids.bot}> How tall is the Bell Rock lighthouse?`, { mentions: [users.bot] }),
    guild_id: ids.guild,
    member: memberOf(users.human),
  });
  const dropped = (mark: number, sequence: number) => after(mark, (line) => line.msg === "dropped a Discord dispatch in an unexpected shape" && line.sequence === sequence);

  it.each([
    ["a MESSAGE_CREATE with embeds: null", "MESSAGE_CREATE", () => ({ ...question(), embeds: null }), /^embeds:/],
    ['a MESSAGE_CREATE with author: "x"', "MESSAGE_CREATE", () => ({ ...question(), author: "x" }), /^author:/],
    ["a MESSAGE_CREATE with mentions: {}", "MESSAGE_CREATE", () => ({ ...question(), mentions: {} }), /^mentions:/],
    ["an empty MESSAGE_CREATE", "MESSAGE_CREATE", () => ({}), /^id:/],
    ["an INTERACTION_CREATE (slash command) without data", "INTERACTION_CREATE", () => ({ ...world.discord.slashCommandPayload({ channel: ids.text, question: "Is it tall?" }), data: undefined }), /^data:/],
    ["an empty INTERACTION_CREATE", "INTERACTION_CREATE", () => ({}), /^id:/],
    ["a dispatch whose data is null", "GUILD_UPDATE", () => null, /^d: must be an object/],
  ])("drops %s before discord.js reads it, logging the field", async (_name, type, payload, reason) => {
    const mark = bot.logs().length;
    const sequence = world.discord.dispatch(type, payload());
    const logged = await bot.waitForLog(dropped(mark, sequence));
    expect(String(logged.reason)).toMatch(reason);
  });

  it(`gives each of ${RUNS} MESSAGE_CREATEs of the wrong shape (from the zod schema) an answer or a logged refusal`, async () => {
    await fc.assert(
      fc.asyncProperty(wrongShapes(schemaFields(MessageCreateDispatch), question), async ({ payload }) => {
        const mark = bot.logs().length;
        const id = payload.id;
        const sequence = world.discord.dispatch("MESSAGE_CREATE", payload);
        const answered =
          typeof id === "string"
            ? world.discord.waitForCall((call) => call.method === "POST" && call.status === 200 && call.body.message_reference?.message_id === id)
            : new Promise<never>(() => {});
        const explained = bot.waitForLog(
          after(mark, (line) => (line.msg === "dropped a Discord dispatch in an unexpected shape" && line.sequence === sequence) || (line.msg === "ignored a message Discord sent in an unexpected shape" && line.message === id)),
          OUTCOME_MS,
        );
        await Promise.race([answered, explained]);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);

  it(`gives each of ${RUNS} /ask interactions of the wrong shape an answer or a logged refusal`, async () => {
    const sample = () => world.discord.slashCommandPayload({ channel: ids.text, question: "How tall is the Bell Rock lighthouse?" });
    await fc.assert(
      fc.asyncProperty(wrongShapes(schemaFields(InteractionCreateDispatch), sample), async ({ payload }) => {
        const mark = bot.logs().length;
        const id = payload.id;
        const sequence = world.discord.dispatch("INTERACTION_CREATE", payload);
        const answered = typeof id === "string" ? world.discord.waitForCall((call) => call.method === "POST" && call.path.startsWith(`/interactions/${id}/`)) : new Promise<never>(() => {});
        const explained = bot.waitForLog(after(mark, (line) => line.msg === "dropped a Discord dispatch in an unexpected shape" && line.sequence === sequence), OUTCOME_MS);
        await Promise.race([answered, explained]);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});

describe("after all of the above", () => {
  it("still answers on both platforms, and logged no fault but the two injected", async () => {
    await stillAnswers();
    expect(faults().map((line) => line.msg)).toEqual(["unhandled rejection; citebot keeps serving", "uncaught exception; citebot keeps serving"]);
    expect(await bot.botAlive()).toBe(true);
  });
});
