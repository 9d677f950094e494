import { afterEach, describe, expect, it } from "vitest";
import { createConversation } from "../../src/chat/conversation.js";
import type { IncomingMessage } from "../../src/chat/incoming-message.js";
import { silentLogger } from "../../src/logger.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/store.js";
import { groundedAnswer, scriptedEngine } from "../fakes/engine.js";
import { makeTempDir } from "../helpers/temp-dir.js";

// Two conversations on one store stand for two `npm start` processes (replicas, or one process before and after a
// restart): what one learnt, the other knows.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sharedStore(): Promise<{ dataDir: string; open: () => Promise<Store> }> {
  const dir = await makeTempDir("conversation-store");
  cleanups.push(dir.remove);
  return {
    dataDir: dir.path,
    async open() {
      const store = await openStore({ dataDir: dir.path });
      cleanups.push(() => store.close());
      return store;
    },
  };
}

function replica(store: Store, rateLimitPerMinute = 10) {
  const engine = scriptedEngine();
  const conversation = createConversation({ engine, logger: silentLogger(), state: store }, { rateLimitPerMinute });
  return { engine, conversation };
}

const message = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({ platform: "slack", userId: "U1", channelId: "C1", threadKey: "C1:1.0", text, isDirect: false, ...extra });

describe("a conversation on the durable store", () => {
  it("hands a follow-up the thread's earlier turns after a restart", async () => {
    const place = await sharedStore();
    const before = replica(await place.open());
    await before.conversation.handle(message("should we use Django for analytics ingest?"));
    const after = replica(await place.open());
    await after.conversation.handle(message("and what about Rails?"));
    expect(after.engine.calls[0]?.options.history?.map((turn) => turn.question)).toEqual(["should we use Django for analytics ingest?"]);
  });

  it("knows a thread another process answered in, so its follow-ups need no mention", async () => {
    const place = await sharedStore();
    const a = replica(await place.open());
    const b = replica(await place.open());
    await a.conversation.handle(message("is Django scalable?", { threadKey: "C1:7.0" }));
    expect({ known: await b.conversation.isActiveThread("C1:7.0"), stranger: await b.conversation.isActiveThread("C1:8.0") }).toEqual({ known: true, stranger: false });
  });

  it("recalls an answer behind a button for another process", async () => {
    const place = await sharedStore();
    const a = replica(await place.open());
    const reply = await a.conversation.handle(message("is Django scalable?"));
    if (reply.kind !== "answer") throw new Error("expected an answer");
    const b = replica(await place.open());
    expect(await b.conversation.recall(reply.answerId)).toEqual({ answer: groundedAnswer("is Django scalable?"), message: message("is Django scalable?") });
  });

  it("holds one rate limit across processes", async () => {
    const place = await sharedStore();
    const processes = [replica(await place.open(), 3), replica(await place.open(), 3)];
    const kinds = [];
    for (let i = 0; i < 4; i++) kinds.push((await processes[i % 2]!.conversation.handle(message(`question ${i}?`))).kind);
    expect(kinds).toEqual(["answer", "answer", "answer", "notice"]);
  });

  it("still answers, without the thread, when the store has gone away", async () => {
    const place = await sharedStore();
    const store = await place.open();
    const { conversation } = replica(store);
    await store.close();
    const reply = await conversation.handle(message("is Django scalable?"));
    expect({ kind: reply.kind, active: await conversation.isActiveThread("C9:9.9") }).toEqual({ kind: "answer", active: false });
  });
});
