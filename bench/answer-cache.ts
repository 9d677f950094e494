import { cacheAnswers } from "../src/engine/answer-cache.js";
import type { Engine } from "../src/engine/answer.js";
import { summarise, type LatencySummary } from "./stats.js";

/** Each question through the answer cache twice: the first asks the engine (miss), the repeat is served from memory (hit). */
export async function measureAnswerCache(engine: Engine, questions: readonly string[]): Promise<{ miss: LatencySummary; hit: LatencySummary }> {
  const cached = cacheAnswers(engine, { generation: () => "bench" });
  const timed = async (question: string) => {
    const started = performance.now();
    await cached.answer(question);
    return performance.now() - started;
  };
  const miss: number[] = [];
  const hit: number[] = [];
  for (const question of questions) miss.push(await timed(question));
  // Spacing differences share the entry, as a user retyping a question would.
  for (const question of questions) hit.push(await timed(` ${question}  `));
  return { miss: summarise(miss), hit: summarise(hit) };
}
