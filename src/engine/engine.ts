import type { Config } from "../config.js";
import { CitebotError, ErrorCode } from "../errors.js";
import type { CitebotEmbeddings } from "../index/embedder.js";
import { buildLexicalIndex } from "../index/lexical.js";
import { openIndex, type LoadedIndex } from "../index/store.js";
import type { Logger } from "../logger.js";
import { Answer, type AnswerOptions, type Engine, type Topic } from "./answer.js";
import { composeExtractive } from "./compose.js";
import { notADocumentQuestion } from "./intent.js";
import type { Generator } from "./llm/create-generator.js";
import { questionText } from "./question-text.js";
import { isSupported, refusalText } from "./refusal.js";
import { retrieve, type Passage, type SearchIndex } from "./retrieve.js";
import { createCpuTurns } from "./cpu-turns.js";

export interface EngineSettings {
  maxSentences: number;
  minEvidence: number;
  efSearch: number;
  /** Base that relative document links (front-matter permalinks, file paths) are resolved against. */
  docsBaseUrl?: string;
}

export function engineSettings(config: Config): EngineSettings {
  return { maxSentences: config.ANSWER_MAX_SENTENCES, minEvidence: config.MIN_EVIDENCE, efSearch: config.HNSW_EF_SEARCH, docsBaseUrl: config.DOCS_BASE_URL };
}

/** Opens the index once and returns an Engine that answers any number of questions concurrently. */
export async function openEngine(indexDir: string, embeddings: CitebotEmbeddings, settings: EngineSettings, logger: Logger, generator?: Generator): Promise<Engine> {
  const loaded = await openIndex(indexDir, embeddings, { efSearch: settings.efSearch });
  logger.debug({ generation: loaded.generation, chunks: loaded.chunks.length }, "index loaded");
  // The model's first call compiles its graph (~0.2 s); pay that at start-up rather than on a user's question.
  await embeddings.embedQuery("warm up");
  return createEngine(loaded, embeddings, settings, generator);
}

/**
 * `generator` (GENERATOR=openai|ollama) rewrites a grounded extractive answer fluently; its output is held to the
 * same citation contract, and the extractive answer stands whenever it fails validation, times out or errors.
 */
export function createEngine(loaded: LoadedIndex, embeddings: CitebotEmbeddings, settings: EngineSettings, generator?: Generator): Engine {
  const index: SearchIndex = { chunks: loaded.chunks, chunkVectors: loaded.chunkVectors, store: loaded.store, lexical: buildLexicalIndex(loaded.chunks) };
  const firstSentenceRow: number[] = [];
  let next = 0;
  for (const chunk of loaded.chunks) {
    firstSentenceRow.push(next);
    next += chunk.sentences.length;
  }
  const topics = collectTopics(loaded);
  const inTurn = createCpuTurns();

  /** The CPU-bound part: embed, retrieve, compose. Runs in its turn (see createCpuTurns). */
  async function answerExtractively(question: string, text: string, signal: AbortSignal | undefined): Promise<{ extractive: Answer; passages: Passage[] }> {
    throwIfAborted(signal);
    const started = performance.now();
    const queryVector = await embeddings.embedQuery(text);
    throwIfAborted(signal);
    const embedded = performance.now();
    const passages = await retrieve(index, text, queryVector, { depth: 20, limit: 8 });
    const retrieved = performance.now();
    const composition = composeExtractive({
      question: text,
      queryVector,
      passages,
      sentenceVectors: loaded.sentenceVectors,
      sentenceRowOf: (chunkIndex) => firstSentenceRow[chunkIndex] ?? 0,
      lexical: index.lexical,
      maxSentences: settings.maxSentences,
    });
    const grounded = composition.answer !== "" && isSupported(composition.evidence, settings.minEvidence);
    const related = [...new Set(passages.map((passage) => passage.chunk.section))].slice(0, 3);
    const composed = performance.now();
    const extractive = Answer.parse({
      question,
      answer: grounded ? composition.answer : refusalText(related),
      grounded,
      citations: grounded ? composition.citations.map((citation) => ({ ...citation, url: absoluteUrl(citation.url, settings.docsBaseUrl) })) : [],
      timings: { embedMs: embedded - started, retrieveMs: retrieved - embedded, composeMs: composed - retrieved, totalMs: composed - started },
      generator: "extractive",
      related: grounded ? [] : related,
    });
    return { extractive, passages };
  }

  async function answer(question: string, options: AnswerOptions = {}): Promise<Answer> {
    // The embedder gains nothing past a paragraph; very long input is read from its start.
    const text = questionText(question).slice(0, MAX_QUERY_CHARS);
    if (!/[\p{Letter}\p{Number}]/u.test(text)) return notAQuestion(question, NOT_A_QUESTION);
    if (notADocumentQuestion(question)) return notAQuestion(question, OUT_OF_SCOPE);
    const { extractive, passages } = await inTurn(() => answerExtractively(question, text, options.signal));
    if (!generator || !extractive.grounded) return extractive;
    const input = { question: text, history: options.history ?? [], passages, extractive, signal: options.signal };
    const generated = options.onPartial && generator.stream ? await generator.stream(input, options.onPartial) : await generator.generate(input);
    if (generated === extractive) return generated;
    return { ...generated, citations: generated.citations.map((citation) => ({ ...citation, url: absoluteUrl(citation.url, settings.docsBaseUrl) })) };
  }

  return { answer, topics: () => topics };
}

const MAX_QUERY_CHARS = 2_000;

/** "/posts/x/#a" with base "https://docs.example.com/" → "https://docs.example.com/posts/x/#a". */
export function absoluteUrl(url: string, base: string | undefined): string {
  if (!base || /^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  try {
    return new URL(url.replace(/^\/+/, ""), base.endsWith("/") ? base : `${base}/`).toString();
  } catch {
    return url;
  }
}

const NOT_A_QUESTION = "Please ask a question in words, for example: “Is Django a good fit for a high-traffic site?”";
const OUT_OF_SCOPE = "I only answer questions about the team's documents, quoting them with sources. Ask me about what they cover, or say `help` to see the list.";

function notAQuestion(question: string, text: string): Answer {
  const totalMs = 0;
  return Answer.parse({
    question,
    answer: text,
    grounded: false,
    citations: [],
    timings: { embedMs: 0, retrieveMs: 0, composeMs: totalMs, totalMs },
    generator: "extractive",
    related: [],
  });
}

function collectTopics(loaded: LoadedIndex): Topic[] {
  // One pass over the chunks: a large corpus has thousands of documents and a hundred thousand chunks.
  const sections = new Map<string, Set<string>>();
  for (const chunk of loaded.chunks) {
    const seen = sections.get(chunk.source) ?? new Set<string>();
    seen.add(chunk.section);
    sections.set(chunk.source, seen);
  }
  return loaded.manifest.documents.map((document) => ({ title: document.title, url: document.url, sections: [...(sections.get(document.source) ?? [])] }));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CitebotError(ErrorCode.AnswerTimeout, "The answer was cancelled");
}
