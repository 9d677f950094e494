import type { Chunk } from "../corpus/document.js";
import type { LexicalIndex } from "../index/lexical.js";
import { contentTerms } from "../index/terms.js";
import { dot, row, type VectorMatrix } from "../index/vectors.js";
import type { Citation } from "./answer.js";
import type { Passage } from "./retrieve.js";
import { readableSentence } from "../corpus/sentences.js";
import { isDecisionQuestion, stanceOf } from "./stance.js";

/** One sentence of a retrieved passage, scored against the question. */
export interface ScoredSentence {
  passage: Passage;
  text: string;
  order: number;
  similarity: number;
  coverage: number;
  score: number;
  vector: Float32Array;
}

export interface ComposeInput {
  question: string;
  queryVector: number[];
  passages: Passage[];
  sentenceVectors: VectorMatrix;
  /** Row of each chunk's first sentence in `sentenceVectors`. */
  sentenceRowOf: (chunkIndex: number) => number;
  lexical: LexicalIndex;
  maxSentences: number;
}

export interface Composition {
  answer: string;
  citations: Citation[];
  /** The strongest evidence found, for the refusal decision. */
  evidence: {
    /** Best cosine similarity of a candidate sentence to the question. */
    similarity: number;
    /** Best share (idf-weighted) of the question's terms found in one of the top sentences or its heading. */
    coverage: number;
    /** Share (idf-weighted) of the question's terms that appear anywhere in the corpus. */
    vocabulary: number;
    passageSimilarity: number;
  };
}

const MIN_WORDS = 5;
// Sentences that announce what the text will do ("Let's explore…") rather than say anything.
const META_DISCOURSE = /^(?:let's|let us|in this (?:article|post|section)|this (?:article|post) (?:will|explains)|as you can see|we will|we'll|now,? let's|here are)\b/i;
const PER_PASSAGE = 2;
const REDUNDANT = 0.85;

/** Picks the sentences that answer the question and cites each; never writes a sentence of its own. */
export function composeExtractive(input: ComposeInput): Composition {
  const terms = [...new Set(contentTerms(input.question))];
  const termWeight = terms.reduce((sum, term) => sum + input.lexical.idf(term), 0) || 1;
  const topFused = Math.max(...input.passages.map((passage) => passage.fused), Number.MIN_VALUE);
  const scored = input.passages.flatMap((passage) => scoreSentences(passage, passage.fused / topFused, input, terms, termWeight));
  scored.sort((a, b) => b.score - a.score);
  const best = scored[0];
  const evidence = {
    similarity: Math.max(0, ...scored.map((sentence) => sentence.similarity)),
    coverage: best ? Math.max(...scored.slice(0, 5).map((sentence) => sentence.coverage)) : 0,
    vocabulary: terms.reduce((sum, term) => sum + (input.lexical.knows(term) ? input.lexical.idf(term) : 0), 0) / termWeight,
    passageSimilarity: Math.max(0, ...input.passages.map((passage) => passage.dense)),
  };
  if (!best) return { answer: "", citations: [], evidence };

  const lead = isDecisionQuestion(input.question) ? decisionLead(scored, best.score) : [];
  const capacity = Math.max(1, input.maxSentences - lead.length);
  const selected = selectSentences(scored, capacity, best.score, lead);
  const body = coverAspects(selected, lead, scored, terms, input, best.score, capacity);
  // Sources are numbered by relevance, best first, whatever order the text reads in.
  const citations = new Map<number, Citation>();
  for (const sentence of [...lead, ...body].sort((a, b) => b.score - a.score)) {
    if (!citations.has(sentence.passage.index)) citations.set(sentence.passage.index, toCitation(citations.size + 1, sentence));
  }
  const cite = (sentence: ScoredSentence) => citations.get(sentence.passage.index)?.id ?? 0;
  const leadLine = lead.length === 2 ? `**For:** ${withMarker(lead[0] as ScoredSentence, cite)} **Against:** ${withMarker(lead[1] as ScoredSentence, cite)}` : "";
  const ordered = orderForReading(body);
  const paragraphs = groupByPassage(ordered).map((group) => group.map((sentence) => withMarker(sentence, cite)).join(" "));
  const answer = [leadLine, ...paragraphs].filter(Boolean).join("\n\n");
  return { answer, citations: [...citations.values()].sort((a, b) => a.id - b.id), evidence };
}

/**
 * A sentence's score mixes its own similarity to the question, the share of the question's words it (or its
 * heading) contains, and how well its passage ranked: a sentence from the right section often answers without
 * repeating the question's words.
 */
function scoreSentences(passage: Passage, passageRank: number, input: ComposeInput, terms: string[], termWeight: number): ScoredSentence[] {
  const first = input.sentenceRowOf(passage.index);
  // A word the question shares with the heading or elsewhere in the passage is context for every sentence in it.
  const sectionTerms = new Set(contentTerms(passage.chunk.section));
  const passageTerms = new Set(contentTerms(passage.chunk.text));
  return passage.chunk.sentences.flatMap((sentence, s) => {
    const words = sentence.text.split(/\s+/).filter((word) => word !== "-").length;
    // Questions and lead-ins ending in ":" introduce an answer rather than give one.
    if (words < MIN_WORDS || /[?:]\s*$/.test(sentence.text)) return [];
    const vector = row(input.sentenceVectors, first + s);
    const similarity = dot(input.queryVector, vector);
    const sentenceTerms = new Set(contentTerms(sentence.text));
    const covered = terms.reduce((sum, term) => sum + input.lexical.idf(term) * (sentenceTerms.has(term) ? 1 : sectionTerms.has(term) ? 0.5 : passageTerms.has(term) ? 0.25 : 0), 0);
    const coverage = covered / termWeight;
    const signpost = META_DISCOURSE.test(sentence.text) ? 0.05 : 0;
    const score = 0.55 * similarity + 0.2 * coverage + 0.25 * (0.5 * passage.dense + 0.5 * passageRank) - signpost;
    return [{ passage, text: sentence.text, order: s, similarity, coverage, score, vector }];
  });
}

/** Greedy MMR: high score first, skipping near-repeats, at most two sentences per passage. */
function selectSentences(scored: ScoredSentence[], limit: number, bestScore: number, lead: ScoredSentence[]): ScoredSentence[] {
  const picked: ScoredSentence[] = [];
  const perPassage = new Map<number, number>();
  for (const sentence of scored) {
    if (picked.length >= limit) break;
    if (sentence.score < bestScore * 0.8) break;
    if (lead.includes(sentence) || (perPassage.get(sentence.passage.index) ?? 0) >= PER_PASSAGE) continue;
    if ([...lead, ...picked].some((other) => dot(other.vector, sentence.vector) > REDUNDANT)) continue;
    picked.push(sentence);
    perPassage.set(sentence.passage.index, (perPassage.get(sentence.passage.index) ?? 0) + 1);
  }
  return picked;
}

/**
 * A question often has several aspects ("Django" and "analytics ingest"); the greedy pick can spend every slot
 * on the most frequent one. Each distinctive question term the candidates cover gets its best sentence in.
 */
function coverAspects(picked: ScoredSentence[], lead: ScoredSentence[], scored: ScoredSentence[], terms: string[], input: ComposeInput, bestScore: number, capacity: number): ScoredSentence[] {
  const result = [...picked];
  const distinctive = terms.filter((term) => input.lexical.knows(term)).sort((a, b) => input.lexical.idf(b) - input.lexical.idf(a));
  for (const term of distinctive) {
    const mentions = (sentence: ScoredSentence) => contentTerms(sentence.text).includes(term);
    if ([...lead, ...result].some(mentions)) continue;
    const candidate = scored.find((sentence) => mentions(sentence) && sentence.score >= bestScore * 0.6 && !result.includes(sentence) && !lead.includes(sentence));
    if (!candidate) continue;
    if (result.length >= capacity) result.pop();
    result.push(candidate);
  }
  return result;
}

/** The best-supported sentence on each side of a decision, when the sources hold both. */
function decisionLead(scored: ScoredSentence[], bestScore: number): ScoredSentence[] {
  // A lead line should be short and speak to the question's own words.
  const leadValue = (sentence: ScoredSentence) => sentence.score + 0.5 * sentence.coverage - 0.01 * Math.max(0, sentence.text.split(/\s+/).length - 25);
  const strong = scored.filter((sentence) => sentence.score >= bestScore * 0.7).sort((a, b) => leadValue(b) - leadValue(a));
  const pro = strong.find((sentence) => stanceOf(sentence.text) === "for");
  // The two sides are most useful when they come from sources that disagree, not one article hedging.
  const against = strong.filter((sentence) => stanceOf(sentence.text) === "against");
  const con = [...against].sort((a, b) => leadValue(b) + (b.passage.chunk.source !== pro?.passage.chunk.source ? 0.1 : 0) - (leadValue(a) + (a.passage.chunk.source !== pro?.passage.chunk.source ? 0.1 : 0)))[0];
  return pro && con ? [pro, con] : [];
}

/** Passages in order of their best sentence; sentences within a passage in document order. */
function orderForReading(sentences: ScoredSentence[]): ScoredSentence[] {
  const rank = new Map<number, number>();
  sentences.forEach((sentence, i) => {
    if (!rank.has(sentence.passage.index)) rank.set(sentence.passage.index, i);
  });
  return [...sentences].sort((a, b) => (rank.get(a.passage.index) ?? 0) - (rank.get(b.passage.index) ?? 0) || a.order - b.order);
}

function groupByPassage(sentences: ScoredSentence[]): ScoredSentence[][] {
  const groups: ScoredSentence[][] = [];
  for (const sentence of sentences) {
    const last = groups.at(-1);
    if (last && last[0]?.passage.index === sentence.passage.index) last.push(sentence);
    else groups.push([sentence]);
  }
  return groups;
}

function withMarker(sentence: ScoredSentence, cite: (sentence: ScoredSentence) => number): string {
  const text = readableSentence(sentence.text).replace(/^- /, "");
  const terminated = /[.!?…:"”)]$/.test(text) ? text : `${text}.`;
  return `${terminated} [${cite(sentence)}]`;
}

function toCitation(id: number, sentence: ScoredSentence): Citation {
  const chunk: Chunk = sentence.passage.chunk;
  return { id, chunkId: chunk.id, source: chunk.source, title: chunk.title, section: chunk.section, url: chunk.url, score: round(sentence.score), quote: sentence.text };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
