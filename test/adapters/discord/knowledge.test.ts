import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKnowledgeHooks } from "../../../src/knowledge/conversation-hooks.js";
import { followSections } from "../../../src/knowledge/current-sections.js";
import { parseDocumentSets } from "../../../src/knowledge/document-sets/load.js";
import { createDocumentSetResolver } from "../../../src/knowledge/document-sets/resolve.js";
import { createQuestionRecorder } from "../../../src/knowledge/question-recorder.js";
import type { EscalationOptions } from "../../../src/knowledge/escalation/escalation-options.js";
import { createLogger, silentLogger } from "../../../src/logger.js";
import { openStore } from "../../../src/store/open-store.js";
import type { Store } from "../../../src/store/store.js";
import { ids, type RestCall, users } from "../../fakes/discord.js";
import { makeTempDir } from "../../helpers/temp-dir.js";
import { isPostTo, postedId, repliesTo, useBot } from "./harness.js";

const EXPERT_ROLE = "500000000000000001";
const EXPERTS = { channelId: ids.otherText, roleId: EXPERT_ROLE };
const deferredEditOf = (interactionId: string) => (call: RestCall) => call.method === "PATCH" && call.path === `/webhooks/${ids.app}/itoken-${interactionId}/messages/@original`;

let store: Store;
let dir: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  dir = await makeTempDir("discord-escalation");
  store = await openStore({ dataDir: dir.path });
});
afterEach(async () => {
  await store.close();
  await dir.remove();
});

async function answered(escalation: EscalationOptions, question: string) {
  const knowledge = createKnowledgeHooks({ escalation, logger: silentLogger() });
  const harness = await useBot({ knowledge, ...(escalation.enabled && escalation.discord ? { escalation: { target: escalation.discord, log: store.escalations } } : {}) });
  const asked = harness.fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> ${question}` });
  const answer = await harness.fake.waitForCall(repliesTo(asked));
  return { ...harness, messageId: postedId(answer), buttons: answer.body.components?.[0]?.components ?? [] };
}

describe("Discord “Still need help?”", () => {
  it("posts the question to the expert channel once, allowing only the expert role's mention, however often it is clicked", async () => {
    const { fake, messageId, buttons } = await answered({ enabled: true, discord: EXPERTS }, "is django scalable? @everyone <@400000000000000002>");
    const escalate = buttons.find((button) => button.label === "Still need help?");
    expect(escalate?.custom_id).toMatch(/^citebot_escalate:/);
    const clicks = [fake.clickButton({ messageId, customId: String(escalate?.custom_id) }), fake.clickButton({ messageId, customId: String(escalate?.custom_id) })];
    const told = await Promise.all(clicks.map((click) => fake.waitForCall(deferredEditOf(click))));
    const texts = told.map((call) => String(call.body.content));
    expect(texts.filter((text) => text.includes("passed your question to the experts"))).toHaveLength(1);
    expect(texts.filter((text) => text.includes("already with the experts"))).toHaveLength(1);

    const toExperts = fake.calls.filter(isPostTo(ids.otherText));
    expect(toExperts).toHaveLength(1);
    const post = toExperts[0]!;
    expect(post.body.allowed_mentions).toEqual({ parse: [], roles: [EXPERT_ROLE], users: [], replied_user: false });
    expect(String(post.body.content)).toMatch(new RegExp(`^<@&${EXPERT_ROLE}> Someone still needs help with: `));
    expect(JSON.stringify(post.body).match(/<@[!&]?\d+>|@everyone|@here/g)).toEqual([`<@&${EXPERT_ROLE}>`]);

    const [escalation, ...more] = await store.escalations.list();
    expect(more).toEqual([]);
    expect(escalation).toMatchObject({ platform: "discord", channelId: ids.text, expertChannelId: ids.otherText, expertMessageId: postedId(post) });
    expect(escalation?.requesterHash).not.toContain(ids.human);
  });

  it("records an expert's reply to the expert post with the escalation, and does not answer it as a question", async () => {
    let recorded!: () => void;
    const replyRecorded = new Promise<void>((resolve) => (recorded = resolve));
    const logger = createLogger({ level: "info", destination: { write: (line: string) => (line.includes("expert reply recorded") ? recorded() : undefined) } });
    const knowledge = createKnowledgeHooks({ escalation: { enabled: true, discord: EXPERTS }, logger });
    const { fake } = await useBot({ knowledge, logger, escalation: { target: EXPERTS, log: store.escalations } });
    const asked = fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> is django scalable?` });
    const answer = await fake.waitForCall(repliesTo(asked));
    const escalate = (answer.body.components?.[0]?.components ?? []).find((button) => button.label === "Still need help?");
    const click = fake.clickButton({ messageId: postedId(answer), customId: String(escalate?.custom_id) });
    await fake.waitForCall(deferredEditOf(click));
    const expertPost = postedId(fake.calls.filter(isPostTo(ids.otherText))[0]!);

    fake.userMessage({ channel: ids.otherText, content: "Yes, behind a cache; see the ops runbook.", author: users.otherHuman, replyTo: expertPost });
    await replyRecorded;

    const [escalation] = await store.escalations.list({ answered: true });
    expect(escalation?.replies.map((reply) => reply.text)).toEqual(["Yes, behind a cache; see the ops runbook."]);
    expect(escalation?.replies[0]?.replierHash).not.toContain(ids.otherHuman);
    expect(fake.calls.filter(isPostTo(ids.otherText))).toHaveLength(1);
  });

  it("offers no button with ESCALATION off", async () => {
    const { buttons } = await answered({ enabled: false, discord: EXPERTS }, "is django scalable?");
    expect(buttons.map((button) => button.label)).toEqual(["Helpful", "Not helpful"]);
  });
});

describe("Discord questions with the knowledge loop", () => {
  it("logs the question as platform discord and answers from the server's document set", async () => {
    const sets = parseDocumentSets(JSON.stringify({ documentSets: { handbook: { include: ["handbook/**"] } }, places: [{ discordGuild: ids.guild, set: "handbook" }] }), "citebot.json");
    const sections = followSections(dir.path);
    const knowledge = createKnowledgeHooks({
      documentSets: createDocumentSetResolver(sets),
      questions: { recorder: createQuestionRecorder({ log: store.questions, enabled: true, sections: () => sections.latest() }), sections },
      logger: silentLogger(),
    });
    const { fake, engine } = await useBot({ knowledge });
    const asked = fake.userMessage({ channel: ids.text, content: `<@${ids.bot}> is django scalable?` });
    await fake.waitForCall(repliesTo(asked));
    await knowledge.settled();
    const allow = engine.calls[0]?.options.allowSource;
    expect([allow?.("handbook/leave.md"), allow?.("corpus/how-scalable-is-django.md")]).toEqual([true, false]);
    const logged = await store.questions.list();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ platform: "discord", channelId: ids.text, question: "is django scalable?", documentSet: "handbook", grounded: true });
  });
});
