import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Chunk } from "../../src/corpus/document.js";
import type { Answer, Engine } from "../../src/engine/answer.js";
import { engineOptions } from "../../src/app.js";
import { absoluteUrl, createEngine } from "../../src/engine/engine.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { openIndex } from "../../src/index/store.js";
import { citedBlocks, wordsComeFrom } from "../helpers/answer-blocks.js";
import { DEFAULTS, REAL_INDEX_TIMEOUT_MS, buildRealIndex } from "../helpers/real-corpus.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const ON_TOPIC = ["How does Django scale horizontally?", "Why are web frameworks a poor fit for online games?", "How did Discord use Elixir for real-time messaging?"];
const OFF_TOPIC = "what is the capital of Australia?";
const DECISION = "should we use Django for analytics ingest?";
const UNKNOWN_NAME = "how did Shopify scale Rails?";

let engine: Engine;
let chunkById: Map<string, Chunk>;
let removeIndex: () => Promise<void>;

beforeAll(async () => {
  const dir = await makeTempDir("engine-index");
  removeIndex = dir.remove;
  const embeddings = new UseLiteEmbeddings();
  await buildRealIndex(dir.path, embeddings);
  const loaded = await openIndex(dir.path, embeddings, { efSearch: DEFAULTS.HNSW_EF_SEARCH });
  chunkById = new Map(loaded.chunks.map((chunk) => [chunk.id, chunk]));
  engine = createEngine({ index: loaded, embeddings }, engineOptions(DEFAULTS));
}, REAL_INDEX_TIMEOUT_MS);

afterAll(() => removeIndex());

const withoutTimings = ({ timings: _timings, ...rest }: Answer) => rest;
const chunkText = (chunkId: string) => chunkById.get(chunkId)?.text ?? `(no chunk ${chunkId})`;
const cited = (answer: Answer, marker: number) => answer.citations.find((citation) => citation.id === marker)?.chunkId ?? "";

describe("engine on an on-topic question", () => {
  it("answers grounded, with citations", async () => {
    const answer = await engine.answer("How does Django scale horizontally?");
    expect({ grounded: answer.grounded, cited: answer.citations.length > 0 }).toEqual({ grounded: true, cited: true });
  });

  it("cites the document about Django's scalability", async () => {
    const answer = await engine.answer("How does Django scale horizontally?");
    expect(answer.citations.map((citation) => citation.source)).toContain("how-scalable-is-django.md");
  });

  it("gives every block of the answer the marker of one citation", async () => {
    for (const question of ON_TOPIC) {
      const blocks = citedBlocks((await engine.answer(question)).answer);
      const unmarked = blocks.filter((block) => new Set(block.markers).size !== 1);
      expect({ question, some: blocks.length > 0, unmarked }).toEqual({ question, some: true, unmarked: [] });
    }
  });

  it("uses only markers that name a citation", async () => {
    for (const question of ON_TOPIC) {
      const answer = await engine.answer(question);
      const ids = new Set(answer.citations.map((citation) => citation.id));
      const dangling = citedBlocks(answer.answer).flatMap((block) => block.markers).filter((marker) => !ids.has(marker));
      expect({ question, dangling }).toEqual({ question, dangling: [] });
    }
  });

  it("lists no citation that the text does not mark", async () => {
    for (const question of ON_TOPIC) {
      const answer = await engine.answer(question);
      const marked = new Set(citedBlocks(answer.answer).flatMap((block) => block.markers));
      expect({ question, unused: answer.citations.filter((citation) => !marked.has(citation.id)).map((citation) => citation.id) }).toEqual({ question, unused: [] });
    }
  });

  it("numbers citations 1, 2, 3… in order", async () => {
    const answer = await engine.answer(ON_TOPIC[0] ?? "");
    expect(answer.citations.map((citation) => citation.id)).toEqual(answer.citations.map((_, i) => i + 1));
  });

  it("quotes each citation as one of the cited chunk's units", async () => {
    for (const question of ON_TOPIC) {
      const answer = await engine.answer(question);
      const misquoted = answer.citations.filter((citation) => !chunkById.get(citation.chunkId)?.units.some((unit) => unit.text === citation.quote)).map((citation) => citation.quote);
      expect({ question, misquoted }).toEqual({ question, misquoted: [] });
    }
  });

  it("takes every quoted sentence's words, in order, from the chunk its block cites", async () => {
    for (const question of ON_TOPIC) {
      const answer = await engine.answer(question);
      const invented = citedBlocks(answer.answer).flatMap((block) => block.sentences.filter((sentence) => !wordsComeFrom(sentence, chunkText(cited(answer, block.markers[0] ?? 0)))));
      expect({ question, invented }).toEqual({ question, invented: [] });
    }
  });

  it("gives each citation the title, section and url of its chunk", async () => {
    const answer = await engine.answer(ON_TOPIC[1] ?? "");
    const mismatched = answer.citations.filter((citation) => {
      const chunk = chunkById.get(citation.chunkId);
      return !chunk || chunk.title !== citation.title || chunk.section !== citation.section || chunk.url !== citation.url || chunk.source !== citation.source;
    });
    expect(mismatched).toEqual([]);
  });

  it("links a citation to its section's anchor", async () => {
    const answer = await engine.answer("Why are web frameworks a poor fit for online games?");
    expect(answer.citations.map((citation) => citation.url)).toContain("/posts/when-not-to-use-a-web-framework/#online-games");
  });

  it("echoes the question as asked", async () => {
    expect((await engine.answer("  How does Django scale horizontally?  ")).question).toBe("  How does Django scale horizontally?  ");
  });

  it("reports the question as it understood it, a typo spelt as the documents do", async () => {
    expect((await engine.answer("How does Django handle scalabilty?")).understoodAs).toBe("How does Django handle scalability?");
  });

  it("gives a factual question no verdict", async () => {
    expect((await engine.answer("How does Django scale horizontally?")).verdict).toBeUndefined();
  });
});

describe("engine on a follow-up", () => {
  it("reads the follow-up against the previous question of the conversation", async () => {
    const answer = await engine.answer("and what about Rails?", { history: [{ question: DECISION }] });
    expect(answer.understoodAs).toBe("should we use Rails for analytics ingest?");
  });

  it("reads a question with no history as it stands", async () => {
    expect((await engine.answer("and what about Rails?")).understoodAs).toBe("and what about Rails?");
  });
});

describe("engine on an off-topic question", () => {
  it("refuses rather than answer", async () => {
    const answer = await engine.answer(OFF_TOPIC);
    expect({ grounded: answer.grounded, citations: answer.citations }).toEqual({ grounded: false, citations: [] });
  });

  it("names the nearest topics the corpus does cover", async () => {
    const answer = await engine.answer(OFF_TOPIC);
    const sections = new Set([...chunkById.values()].map((chunk) => chunk.section));
    expect({ some: answer.related.length > 0, known: answer.related.every((topic) => sections.has(topic)), named: answer.related.every((topic) => answer.answer.includes(topic)) }).toEqual({
      some: true,
      known: true,
      named: true,
    });
  });

  it("refuses other questions the corpus cannot answer", async () => {
    const answers = await Promise.all(["Who won the 2018 World Cup?", "How do I bake sourdough bread?"].map((question) => engine.answer(question)));
    expect(answers.map((answer) => answer.grounded)).toEqual([false, false]);
  });
});

describe("engine on a question naming something the documents never mention", () => {
  it("refuses, citing nothing", async () => {
    const answer = await engine.answer(UNKNOWN_NAME);
    expect({ grounded: answer.grounded, citations: answer.citations }).toEqual({ grounded: false, citations: [] });
  });

  it("says which name it does not know", async () => {
    expect((await engine.answer(UNKNOWN_NAME)).answer.toLowerCase()).toContain("shopify");
  });
});

describe("engine on input that is not a question", () => {
  it("asks for a question in words, citing nothing", async () => {
    const answer = await engine.answer("?!? 👍");
    expect({ grounded: answer.grounded, citations: answer.citations, asks: /ask a question in words/i.test(answer.answer) }).toEqual({ grounded: false, citations: [], asks: true });
  });
});

describe("engine on a decision question", () => {
  it("answers grounded, with a verdict", async () => {
    const answer = await engine.answer(DECISION);
    expect({ grounded: answer.grounded, verdict: ["yes", "no", "depends"].includes(answer.verdict ?? "none") }).toEqual({ grounded: true, verdict: true });
  });

  it("marks every block of the answer with a citation", async () => {
    const answer = await engine.answer(DECISION);
    const ids = new Set(answer.citations.map((citation) => citation.id));
    expect(citedBlocks(answer.answer).filter((block) => block.markers.length === 0 || !block.markers.every((marker) => ids.has(marker)))).toEqual([]);
  });
});

describe("engine restricted to a document set", () => {
  const questions = [
    "Does Django scale to millions of users?",
    "Why did Uber move from Node.js to Go?",
    "Should we use Django for analytics ingest?",
    "What did Netflix use for circuit breaking?",
    "When should you not use a web framework?",
    "How fast is Phoenix compared to Rails?",
  ];

  it("never cites a document outside the set, whatever the question", async () => {
    const allowed = "backend-framework-case-studies.md";
    const cited = [];
    for (const question of questions) {
      const answer = await engine.answer(question, { allowSource: (source) => source === allowed });
      cited.push(...answer.citations.map((citation) => citation.source));
    }
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((source) => source !== allowed)).toEqual([]);
  });

  it("answers a question its set hardly covers from that set alone, or refuses", async () => {
    const answer = await engine.answer("Should we use Django for analytics ingest?", { allowSource: (source) => source === "lightning-fast-backends.md" });
    expect(answer.citations.every((citation) => citation.source === "lightning-fast-backends.md")).toBe(true);
  });
});

describe("engine under concurrency", () => {
  it("gives 50 concurrent answers equal to the sequential ones", async () => {
    const questions = Array.from({ length: 50 }, (_, i) => [...ON_TOPIC, OFF_TOPIC, DECISION][i % 5] ?? "");
    const sequential: Answer[] = [];
    for (const question of questions) sequential.push(await engine.answer(question));
    const concurrent = await Promise.all(questions.map((question) => engine.answer(question)));
    expect(concurrent.map(withoutTimings)).toEqual(sequential.map(withoutTimings));
  }, 60_000);
});

describe("engine topics", () => {
  it("lists each kept document once, with its sections", () => {
    const topics = engine.topics();
    expect(topics.map((topic) => topic.title)).toEqual([
      "Backend Framework Case Studies",
      "How Scalable are Websites Built in Django Framework?",
      "Building Modern Web Applications: Part 4 Lightning Fast Backends",
      "When Not to Use a Web Framework",
    ]);
  });
});

describe("absoluteUrl", () => {
  it("resolves a relative permalink against DOCS_BASE_URL and leaves absolute links alone", () => {
    expect(absoluteUrl("/posts/x/#a", "https://docs.example.com/handbook")).toBe("https://docs.example.com/handbook/posts/x/#a");
    expect(absoluteUrl("guide.md#b", "https://docs.example.com/")).toBe("https://docs.example.com/guide.md#b");
    expect(absoluteUrl("https://other.example/x", "https://docs.example.com/")).toBe("https://other.example/x");
    expect(absoluteUrl("/posts/x/", undefined)).toBe("/posts/x/");
  });
});
