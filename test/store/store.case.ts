import { describe } from "vitest";
import { concurrencyCases } from "./cases/concurrency.case.js";
import { eventAndLimitCases } from "./cases/events-limits.case.js";
import { feedbackCases } from "./cases/feedback.case.js";
import { jobCases } from "./cases/jobs.case.js";
import { knowledgeCases } from "./cases/knowledge.case.js";
import { lifecycleCases } from "./cases/lifecycle.case.js";
import { retentionCases } from "./cases/retention.case.js";
import { threadAndAnswerCases } from "./cases/threads-answers.case.js";
import type { EngineUnderTest } from "./engines.js";
import { createHarness } from "./harness.js";

/** One behaviour, one test, every engine: the whole Store contract, run by sqlite.test.ts and postgres.test.ts. */
export function describeStoreContract(engine: EngineUnderTest): void {
  describe(`store contract on ${engine.kind}`, () => {
    const harness = createHarness(engine);
    lifecycleCases(harness);
    threadAndAnswerCases(harness);
    feedbackCases(harness);
    eventAndLimitCases(harness);
    jobCases(harness);
    retentionCases(harness);
    knowledgeCases(harness);
    concurrencyCases(harness);
  });
}
