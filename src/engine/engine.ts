import type { Embeddings } from "@langchain/core/embeddings";
import type { VectorStoreInterface } from "@langchain/core/vectorstores";
import { z } from "zod";
import { CitebotError, ErrorCode } from "../errors.js";
import { buildLexicalIndex } from "../index/lexical.js";
import type { Manifest } from "../index/manifest.js";
import type { LoadedIndex } from "../index/store.js";
import type { Logger } from "../logger.js";
import { resolveOptions } from "../options.js";
import { Answer, type AnswerOptions, type Engine, type Refusal, type Topic } from "./answer.js";
import { composeAnswer, selectUnits, type Selection } from "./compose.js";
import { createCpuTurns } from "./cpu-turns.js";
import { foldFollowUp } from "./follow-up.js";
import { notADocumentQuestion } from "./intent.js";
import type { Generator } from "./llm/generator.js";
import { preloadEnglish } from "./english.js";
import { contentTerms, stem } from "../index/terms.js";
import { analyseQuestion, type Question } from "./question.js";
import { questionText } from "./question-text.js";
import { judgeSupport, refusalText, type Support } from "./refusal.js";
import { prepareSearch } from "./prepared-index.js";
import { documentMentions, retrieve, type Passage, type SearchIndex } from "./retrieve.js";

export interface EngineOptions {
  /** Sentences an extractive answer quotes at most (ANSWER_MAX_SENTENCES). */
  maxSentences?: number;
  /** Evidence needed to answer rather than refuse (MIN_EVIDENCE). */
  minEvidence?: number;
  /** Base that relative document links (front-matter permalinks, file paths) are resolved against; empty leaves them relative. */
  docsBaseUrl?: string;
}

export const defaultEngineOptions = { maxSentences: 5, minEvidence: 0.35, docsBaseUrl: "" } as const satisfies Required<EngineOptions>;

const ENGINE_OPTION_CHECKS = { maxSentences: z.number().int().min(1), minEvidence: z.number().min(0), docsBaseUrl: z.union([z.literal(""), z.url()]) };

/**
 * What the engine answers from: the chunks and their vectors, and any LangChain vector store over the chunk
 * vectors whose hits carry the chunk's `index` in their metadata (hnswlib as shipped; another store drops in).
 */
export type EngineIndex = Pick<LoadedIndex, "chunks" | "chunkVectors" | "headingVectors" | "unitVectors"> &
  Partial<Pick<LoadedIndex, "derived" | "lexical" | "firstUnitRow">> & {
  manifest: Pick<Manifest, "documents">;
  store: Pick<VectorStoreInterface, "similaritySearchVectorWithScore">;
};

export interface EngineParts {
  index: EngineIndex;
  /** The embedder the index was built with; only `embedQuery` is called. */
  embeddings: Pick<Embeddings, "embedQuery">;
  /**
   * LLM_MODEL, or GENERATOR=openai|ollama: rewrites a grounded extractive answer fluently; its output is held to the
   * same citation contract, and the extractive answer stands whenever it fails validation, times out or errors.
   */
  generator?: Generator;
  logger?: Logger;
}

/** Pays the model's first call (it compiles its graph, ~0.2 s) and the word lists' load (~0.3 s) at start-up, not on a user's question. */
export async function warmUp(engine: Engine): Promise<void> {
  preloadEnglish();
  await engine.answer("How does this work?", { extractiveOnly: true });
}

/** Candidates each ranking contributes. */
const RETRIEVAL_DEPTH = 30;
/** Sections handed to an LLM generator. */
const GENERATOR_PASSAGES = 6;

/** An Engine over an index already open; it answers any number of questions concurrently. */
export function createEngine({ index: loaded, embeddings, generator, logger }: EngineParts, options: EngineOptions = {}): Engine {
  const settings = resolveOptions("createEngine", defaultEngineOptions, options, ENGINE_OPTION_CHECKS);
  // Read from the generation's files where ingest wrote them (see prepared-index.ts).
  const { index, vocabulary } = prepareSearch(loaded);
  const topics = collectTopics(loaded);
  const inTurn = createCpuTurns();

  /** The CPU-bound part: read the question, embed, retrieve, select, compose. Runs in its turn (see createCpuTurns). */
  async function answerExtractively(question: string, text: string, options: AnswerOptions): Promise<{ extractive: Answer; passages: Passage[] }> {
    throwIfAborted(options.signal);
    const started = performance.now();
    const folded = foldFollowUp(options.history?.at(-1)?.question, text, vocabulary);
    const whole = analyseQuestion(folded, vocabulary);
    const parts: Question[] = whole.parts.length > 1 ? whole.parts.map((part, i) => analyseQuestion(i > 0 ? foldFollowUp(whole.parts[i - 1], part, vocabulary) : part, vocabulary)) : [whole];
    const vectors = await Promise.all(parts.map((part) => embeddings.embedQuery(part.text)));
    const commonNames = new Set(parts.flatMap((part) => corpusWideNames(part, index)));
    const focusTexts = parts.map((part) => withoutNames(part, [...commonNames]));
    const focusVectors = await Promise.all(focusTexts.map((focus) => (focus ? embeddings.embedQuery(focus) : Promise.resolve(undefined))));
    throwIfAborted(options.signal);
    const embedded = performance.now();
    // A follow-up leans on the sections the previous answer came from.
    const previous = folded !== text ? new Set(options.history?.at(-1)?.cited ?? []) : new Set<string>();
    const allowed = options.allowSources ? new Set(options.allowSources) : undefined;
    const allow = options.allowSource ?? (allowed ? (source: string) => allowed.has(source) : undefined);
    const ranked: Passage[][] = [];
    for (const [i, part] of parts.entries()) {
      const focusVector = focusVectors[i];
      ranked.push(await retrieve(index, part, vectors[i] ?? [], { depth: RETRIEVAL_DEPTH, near: previous, commonNames, ...(focusVector ? { focusVector } : {}), ...(allow ? { allowSource: allow } : {}) }));
    }
    const retrieved = performance.now();
    const selections: Selection[] = parts.map((part, i) => selectUnits(part, ranked[i] ?? [], index.lexical, settings.maxSentences));
    const supports: Support[] = selections.map((selection) => judgeSupport(selection.question, selection, index.lexical, settings.minEvidence, documentMentions(index, selection.question.names), commonNames));
    if (whole.unknownNames.length > 0) supports.fill({ ...supports[0], grounded: false, reason: "unknown-name" } as Support);
    const answered = selections.filter((_, i) => supports[i]?.grounded);
    const grounded = answered.length > 0;
    const composition = grounded ? composeAnswer(answered) : undefined;
    // A part not covered is named as the asker wrote it, not as it was folded into the question before it.
    const uncovered = selections.flatMap((selection, i) => (supports[i]?.grounded ? [] : [(parts.length > 1 ? whole.parts[i] : undefined) ?? selection.question.text]));
    const related = [...new Set((ranked[0] ?? []).slice(0, 3).map((passage) => passage.chunk.section))];
    const composed = performance.now();
    logger?.debug(
      {
        folded: whole.text,
        corrections: whole.corrections,
        names: whole.names,
        unknownNames: whole.unknownNames,
        kinds: [...whole.kinds],
        supports,
        top: selections.map((selection) => selection.scored.slice(0, 5).map((unit) => ({ section: unit.passage.chunk.section, passage: round(unit.passage.score), text: unit.unit.text.slice(0, 80), similarity: round(unit.similarity), coverage: round(unit.coverage), score: round(unit.score) }))),
      },
      "answer evidence",
    );
    const body = composition && uncovered.length > 0 ? `${composition.answer}\n\n_The documents don't cover: ${uncovered.map((part) => `“${part}”`).join("; ")}._` : composition?.answer;
    const extractive = Answer.parse({
      question,
      answer: body ?? refusalText(related, supports[0]?.reason === "unknown-name" ? whole.unknownNames : []),
      grounded,
      citations: composition ? composition.citations.map((citation) => ({ ...citation, url: absoluteUrl(citation.url, settings.docsBaseUrl) })) : [],
      timings: { embedMs: embedded - started, retrieveMs: retrieved - embedded, composeMs: composed - retrieved, totalMs: composed - started },
      generator: "extractive",
      related: grounded ? [] : related,
      understoodAs: whole.text,
      ...(grounded ? {} : { refusal: supports[0]?.reason ?? "weak" }),
      ...(composition?.verdict ? { verdict: composition.verdict } : {}),
    });
    const cited = new Set(composition?.citations.map((citation) => citation.chunkId) ?? []);
    const passages = [...(composition?.citations ?? []).flatMap((citation) => ranked.flat().find((passage) => passage.chunk.id === citation.chunkId) ?? []), ...(ranked[0] ?? []).filter((passage) => !cited.has(passage.chunk.id))].slice(0, Math.max(GENERATOR_PASSAGES, cited.size));
    return { extractive, passages };
  }

  async function answer(question: string, options: AnswerOptions = {}): Promise<Answer> {
    // The embedder gains nothing past a paragraph; very long input is read from its start.
    const text = questionText(question).slice(0, MAX_QUERY_CHARS);
    if (!/[\p{Letter}\p{Number}]/u.test(text)) return notAQuestion(question, NOT_A_QUESTION, "not-a-question");
    if (notADocumentQuestion(question)) return notAQuestion(question, OUT_OF_SCOPE, "out-of-scope");
    const { extractive, passages } = await inTurn(() => answerExtractively(question, text, options));
    if (!generator || !extractive.grounded || options.extractiveOnly) return extractive;
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

function notAQuestion(question: string, text: string, refusal: Refusal): Answer {
  return Answer.parse({
    question,
    answer: text,
    grounded: false,
    citations: [],
    timings: { embedMs: 0, retrieveMs: 0, composeMs: 0, totalMs: 0 },
    generator: "extractive",
    related: [],
    refusal,
  });
}

function collectTopics(loaded: EngineIndex): Topic[] {
  // One pass over the chunks: a large corpus has thousands of documents and a hundred thousand chunks.
  const sections = new Map<string, Set<string>>();
  for (const chunk of loaded.chunks) {
    const seen = sections.get(chunk.source) ?? new Set<string>();
    seen.add(chunk.section);
    sections.set(chunk.source, seen);
  }
  return loaded.manifest.documents.map((document) => ({ title: document.title, url: document.url, sections: [...(sections.get(document.source) ?? [])] }));
}

/** Names in at least this share of the chunks are what the corpus is about, not what sets one section apart. */
const COMMON_NAME_SHARE = 0.3;

/** The question's names that are in so many sections that they are what the corpus is about. */
function corpusWideNames(question: Question, index: SearchIndex): string[] {
  const total = Math.max(1, index.chunks.length);
  return question.names.filter((name) => {
    // idf = ln(1 + (N + 1) / (df + 0.5)), so df follows from it.
    const df = (total + 1) / (Math.exp(index.lexical.idf(stem(name))) - 1) - 0.5;
    return df / total >= COMMON_NAME_SHARE;
  });
}

/** The question without those names, when something is left to search for; undefined otherwise. */
function withoutNames(question: Question, names: string[]): string | undefined {
  const mine = names.filter((name) => question.names.includes(name));
  if (mine.length === 0) return undefined;
  const pattern = new RegExp(`\\b(?:${mine.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b`, "gi");
  const focus = question.text.replace(pattern, " ").replace(/\s+/g, " ").trim();
  return contentTerms(focus).length > 0 ? focus : undefined;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CitebotError(ErrorCode.AnswerTimeout, "The answer was cancelled");
}
