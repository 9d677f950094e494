import type { Answer, AnswerOptions, Engine, Topic } from "../../src/engine/answer.js";

export interface ScriptedEngineOptions {
  /** Builds the answer for a question; defaults to a grounded two-citation answer. */
  reply?: (question: string, options: AnswerOptions) => Answer | Promise<Answer>;
  delayMs?: number;
  topics?: Topic[];
}

/** An Engine whose answers a test scripts; adapters hold no retrieval logic, so they are tested against this. */
export function scriptedEngine(options: ScriptedEngineOptions = {}): Engine & { calls: Array<{ question: string; options: AnswerOptions }> } {
  const calls: Array<{ question: string; options: AnswerOptions }> = [];
  return {
    calls,
    async answer(question, answerOptions = {}) {
      calls.push({ question, options: answerOptions });
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return options.reply ? options.reply(question, answerOptions) : groundedAnswer(question);
    },
    topics: () => options.topics ?? [{ title: "When Not to Use a Web Framework", url: "/posts/when-not-to-use-a-web-framework/", sections: ["Low-latency and/or high-throughput"] }],
  };
}

export function groundedAnswer(question: string, overrides: Partial<Answer> = {}): Answer {
  return {
    question,
    answer: "Web frameworks add layers of abstraction that slow request processing [1]. Django scales exceptionally [2].",
    grounded: true,
    citations: [
      { id: 1, chunkId: "wnuwf#1", source: "corpus/when-not-to-use-a-web-framework.md", title: "When Not to Use a Web Framework", section: "Low-latency and/or high-throughput", url: "/posts/when-not-to-use-a-web-framework/#low-latency-andor-high-throughput", score: 0.8, quote: "web frameworks add several layers of abstraction" },
      { id: 2, chunkId: "django#2", source: "corpus/how-scalable-is-django.md", title: "How Scalable are Websites Built in Django Framework?", section: "Existing Applications Prove Scalability", url: "/@marcus/how-scalable-are-websites-built-in-django-framework/#existing-applications-prove-scalability", score: 0.7, quote: "Yes, Django scale exceptionally." },
    ],
    timings: { embedMs: 1, retrieveMs: 1, composeMs: 1, totalMs: 3 },
    generator: "extractive",
    related: [],
    ...overrides,
  };
}
