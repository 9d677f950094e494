import { describe, expect, it } from "vitest";
import type { Answer, Citation } from "../../src/engine/answer.js";
import { CitebotError, ErrorCode } from "../../src/errors.js";
import type { EvalQuestion } from "../../src/eval/questions.js";
import { runEval } from "../../src/eval/run-eval.js";
import { groundedAnswer, scriptedEngine } from "../fakes/engine.js";

const DJANGO = "how-scalable-is-django.md";
const WNUWF = "when-not-to-use-a-web-framework.md";

function citation(id: number, source: string, section: string): Citation {
  return { id, chunkId: `c${id}`, source, title: "T", section, url: "/u", score: 0.5, quote: "q" };
}

const refusal = (question: string): Answer => groundedAnswer(question, { grounded: false, answer: "I can't find that in the documents.", citations: [], related: ["Django › Security"] });

const citing = (...citations: Citation[]) => (question: string) => groundedAnswer(question, { citations });

const onTopic = (question: string, section = "Online Games", source = WNUWF): EvalQuestion => ({ question, source, section, tags: [] });
const offTopic = (question: string): EvalQuestion => ({ question, offTopic: true, tags: [] });

/** An engine that answers each question with the reply scripted for it. */
function engineReplying(replies: Record<string, (question: string) => Answer>) {
  return scriptedEngine({
    reply: (question) => {
      const reply = replies[question];
      if (!reply) throw new Error(`no reply scripted for ${question}`);
      return reply(question);
    },
  });
}

const games = (n: number) => citation(n, WNUWF, "When Not to Use a Web Framework › Low-latency and/or high-throughput › Online Games");
const elsewhere = (n: number) => citation(n, DJANGO, `How Scalable… › Section ${n}`);

describe("runEval", () => {
  it("counts a hit when the expected section is the third citation", async () => {
    const engine = engineReplying({ q: citing(elsewhere(1), elsewhere(2), games(3)) });
    const result = await runEval(engine, [onTopic("q")]);
    expect(result.hitAt3).toBe(1);
    expect(result.perQuestion[0]?.rank).toBe(3);
  });

  it("misses when the expected section is only the fourth citation", async () => {
    const engine = engineReplying({ q: citing(elsewhere(1), elsewhere(2), elsewhere(3), games(4)) });
    const result = await runEval(engine, [onTopic("q")]);
    expect(result.hitAt3).toBe(0);
    expect(result.misses).toEqual([expect.objectContaining({ question: "q", reason: "wrong_citations", got: expect.stringContaining("expected section only at [4]") })]);
  });

  it("needs the source and the section to match in the same citation", async () => {
    const sameSectionOtherFile = citation(1, DJANGO, "Online Games");
    const sameFileOtherSection = citation(2, WNUWF, "When Not to Use a Web Framework › Messaging Platforms");
    const engine = engineReplying({ q: citing(sameSectionOtherFile, sameFileOtherSection) });
    expect((await runEval(engine, [onTopic("q")])).hitAt3).toBe(0);
  });

  it("matches the section as a case-insensitive substring of the heading path", async () => {
    const engine = engineReplying({ q: citing(games(1)) });
    expect((await runEval(engine, [onTopic("q", "low-latency AND/OR high-throughput")])).hitAt3).toBe(1);
  });

  it("matches a source given as a corpus-relative path by its file name", async () => {
    const engine = engineReplying({ q: citing(citation(1, `corpus/${WNUWF}`, "Online Games")) });
    expect((await runEval(engine, [onTopic("q")])).hitAt3).toBe(1);
  });

  it("never counts an ungrounded answer as a hit, whatever it cites", async () => {
    const engine = engineReplying({ q: (question) => groundedAnswer(question, { grounded: false, citations: [games(1)] }) });
    const result = await runEval(engine, [onTopic("q")]);
    expect(result.hitAt3).toBe(0);
    expect(result.falseRefusalCount).toBe(1);
  });

  it("scores an on-topic refusal as a false refusal and lists the related topics it offered", async () => {
    const engine = engineReplying({ q: refusal });
    const result = await runEval(engine, [onTopic("q")]);
    expect(result.falseRefusals).toBe(1);
    expect(result.misses).toEqual([{ question: "q", reason: "refused", expected: `${WNUWF} › …Online Games…`, got: "refusal (related: Django › Security)" }]);
  });

  it("scores a refused off-topic question as right and an answered one as a miss", async () => {
    const engine = engineReplying({ cake: refusal, football: citing(games(1)) });
    const result = await runEval(engine, [offTopic("cake"), offTopic("football")]);
    expect(result.refusalAccuracy).toBe(0.5);
    expect(result.misses).toEqual([expect.objectContaining({ question: "football", reason: "answered_off_topic", expected: "a refusal" })]);
  });

  it("records an engine error against its question and carries on with the rest", async () => {
    const engine = engineReplying({
      broken: () => {
        throw new CitebotError(ErrorCode.EmbedderFailed, "model gone");
      },
      fine: citing(games(1)),
    });
    const result = await runEval(engine, [onTopic("broken"), onTopic("fine")]);
    expect(result.engineErrors).toBe(1);
    expect(result.hits).toBe(1);
    expect(result.misses).toEqual([expect.objectContaining({ question: "broken", reason: "engine_error", got: "error embedder_failed: model gone" })]);
  });

  it("computes each rate over its own group of questions", async () => {
    const engine = engineReplying({ hit1: citing(games(1)), hit2: citing(games(1)), refused: refusal, wrong: citing(elsewhere(1)), cake: refusal, chess: citing(games(1)) });
    const questions = [onTopic("hit1"), onTopic("hit2"), onTopic("refused"), onTopic("wrong"), offTopic("cake"), offTopic("chess")];
    const result = await runEval(engine, questions);
    expect({ hitAt3: result.hitAt3, falseRefusals: result.falseRefusals, refusalAccuracy: result.refusalAccuracy }).toEqual({ hitAt3: 0.5, falseRefusals: 0.25, refusalAccuracy: 0.5 });
    expect(result.misses.map((miss) => miss.question)).toEqual(["refused", "wrong", "chess"]);
    expect(engine.calls.map((call) => call.question)).toEqual(questions.map((question) => question.question));
  });

  it("breaks results down by tag", async () => {
    const engine = engineReplying({ a: citing(games(1)), b: refusal });
    const result = await runEval(engine, [
      { ...onTopic("a"), tags: ["paraphrase"] },
      { ...onTopic("b"), tags: ["paraphrase", "short"] },
    ]);
    expect(result.byTag).toEqual({ "on-topic": { total: 2, passed: 1 }, paraphrase: { total: 2, passed: 1 }, short: { total: 1, passed: 0 } });
  });
});
