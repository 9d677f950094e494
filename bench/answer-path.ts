import type { Engine } from "../src/engine/answer.js";
import type { LexicalIndex } from "../src/index/lexical.js";
import { type LatencySummary, summarise } from "./stats.js";

export interface AnswerPathResult {
  questions: number;
  rounds: number;
  grounded: number;
  /** Wall clock around `engine.answer()`, including the Answer validation after the engine's own timer stops. */
  wall: LatencySummary;
  total: LatencySummary;
  embed: LatencySummary;
  retrieve: LatencySummary;
  compose: LatencySummary;
  /** The same questions through MiniSearch BM25 alone (top 8, as many passages as the engine keeps). */
  bm25: LatencySummary;
}

/**
 * Times `engine.answer()` on each question `rounds` times (after one untimed warm-up round), split as the
 * engine reports it, and the same questions through BM25 only.
 */
export async function measureAnswerPath(engine: Engine, lexical: LexicalIndex, questions: readonly string[], rounds: number): Promise<AnswerPathResult> {
  for (const question of questions) await engine.answer(question);
  const wall: number[] = [];
  const total: number[] = [];
  const embed: number[] = [];
  const retrieve: number[] = [];
  const compose: number[] = [];
  const bm25: number[] = [];
  let grounded = 0;
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const started = performance.now();
      const answer = await engine.answer(question);
      wall.push(performance.now() - started);
      total.push(answer.timings.totalMs);
      embed.push(answer.timings.embedMs);
      retrieve.push(answer.timings.retrieveMs);
      compose.push(answer.timings.composeMs);
      if (round === 0 && answer.grounded) grounded++;
    }
  }
  for (const question of questions) lexical.search(question, 8);
  for (let round = 0; round < rounds; round++) {
    for (const question of questions) {
      const started = performance.now();
      lexical.search(question, 8);
      bm25.push(performance.now() - started);
    }
  }
  return {
    questions: questions.length,
    rounds,
    grounded,
    wall: summarise(wall),
    total: summarise(total),
    embed: summarise(embed),
    retrieve: summarise(retrieve),
    compose: summarise(compose),
    bm25: summarise(bm25),
  };
}
