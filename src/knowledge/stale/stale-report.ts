import { z } from "zod";

export const SectionRef = z.object({ source: z.string(), title: z.string(), section: z.string() });
export type SectionRef = z.infer<typeof SectionRef>;

export const StaleSection = SectionRef.extend({ state: z.enum(["changed", "removed"]) });

/** An answer (one question, however often asked) that cites a section whose text has changed since. */
export const StaleAnswer = z.object({
  question: z.string(),
  understoodAs: z.string().optional(),
  documentSet: z.string().optional(),
  timesAsked: z.number().int(),
  upVotes: z.number().int(),
  downVotes: z.number().int(),
  lastAskedAt: z.string(),
  sections: z.array(StaleSection),
});
export type StaleAnswer = z.infer<typeof StaleAnswer>;

/**
 * A 👍 answer asked again of the new index:
 * - `same`: grounded, citing the same sections;
 * - `other-sections`: grounded, citing other sections (a regression or an improvement: an admin looks);
 * - `no-longer-grounded`: refused now;
 * - `failed`: the engine threw.
 */
export const ReplayOutcome = z.enum(["same", "other-sections", "no-longer-grounded", "failed"]);
export type ReplayOutcome = z.infer<typeof ReplayOutcome>;

export const ReplayResult = z.object({
  question: z.string(),
  upVotes: z.number().int(),
  outcome: ReplayOutcome,
  before: z.array(SectionRef),
  after: z.array(SectionRef),
  refusal: z.string().optional(),
  error: z.string().optional(),
});
export type ReplayResult = z.infer<typeof ReplayResult>;

export const StaleReport = z.object({
  /** The index generation checked against. */
  generation: z.string(),
  /** Distinct answered questions looked at. */
  checkedAnswers: z.number().int(),
  /** 👍 answers first, then the most asked. */
  stale: z.array(StaleAnswer),
  replay: z.array(ReplayResult),
  /** 👍 answers past the replay limit (STALE_REPLAY_MAX), not replayed. */
  replaySkipped: z.number().int(),
});
export type StaleReport = z.infer<typeof StaleReport>;
