import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { z } from "zod";
import { StaleReport } from "../stale/stale-report.js";
import { clusterByMeaning } from "./cluster.js";
import type { GapItem } from "./gap-items.js";
import { nearestSections, type SectionVectors } from "./nearest-sections.js";

export const NearSection = z.object({ source: z.string(), title: z.string(), section: z.string(), url: z.string(), similarity: z.number() });

export const GapCluster = z.object({
  size: z.number().int(),
  refused: z.number().int(),
  votedDown: z.number().int(),
  weak: z.number().int(),
  escalated: z.number().int(),
  answeredByPerson: z.number().int(),
  /** Up to three distinct questions, the most typical first. */
  examples: z.array(z.string()),
  /** The sections the corpus has nearest to these questions. */
  nearestSections: z.array(NearSection),
  /** Sections the 👎 answers cited, most voted down first. */
  votedDownSections: z.array(z.object({ title: z.string(), section: z.string(), votes: z.number().int() })),
  /** What experts replied when these questions were taken to them, newest last. */
  expertReplies: z.array(z.string()),
  /** One line: what to write or fix. */
  suggestion: z.string(),
});
export type GapCluster = z.infer<typeof GapCluster>;

/** `npm run gaps --json` prints exactly this. */
export const GapReport = z.object({
  since: z.string(),
  until: z.string(),
  /** The index generation the nearest sections come from. */
  generation: z.string().optional(),
  totals: z.object({
    questions: z.number().int(),
    refused: z.number().int(),
    votedDown: z.number().int(),
    weak: z.number().int(),
    escalated: z.number().int(),
    answeredByPerson: z.number().int(),
  }),
  clusters: z.array(GapCluster),
  stale: StaleReport.optional(),
  /** What limits this report (the questions log is off, no index yet). */
  notes: z.array(z.string()),
});
export type GapReport = z.infer<typeof GapReport>;

export interface GapReportInput {
  items: readonly GapItem[];
  /** Questions logged in the period, answered or not. */
  questionsAsked: number;
  since: Date;
  until: Date;
  /** Embeds the questions; the embedder the index was built with, so centroids and chunk vectors compare. */
  embeddings: EmbeddingsInterface;
  /** Minimum cosine similarity for two questions to share a cluster (GAPS_SIMILARITY). */
  similarity: number;
  index?: SectionVectors & { generation: string };
  stale?: StaleReport;
  notes?: string[];
}

const EXAMPLES = 3;
const NEAREST = 3;
/** A section at least this similar to a cluster's questions is about them: a refusal there means it falls short. */
const NEAR_ENOUGH = 0.5;

/** Clusters the period's gaps by meaning (no LLM: the embedder and a threshold) and says what each one needs. */
export async function buildGapReport(input: GapReportInput): Promise<GapReport> {
  const { items } = input;
  const vectors = items.length > 0 ? await input.embeddings.embedDocuments(items.map((item) => item.text)) : [];
  const clusters = clusterByMeaning(vectors, input.similarity).map(({ members, centroid }) => describeCluster(members.map((i) => items[i] as GapItem), input.index ? nearestSections(centroid, input.index, NEAREST) : []));
  clusters.sort((a, b) => b.size - a.size || b.votedDown - a.votedDown || b.refused - a.refused);
  return GapReport.parse({
    since: input.since.toISOString(),
    until: input.until.toISOString(),
    ...(input.index ? { generation: input.index.generation } : {}),
    totals: {
      questions: input.questionsAsked,
      refused: items.filter((item) => item.refused).length,
      votedDown: items.filter((item) => item.votedDown > 0).length,
      weak: items.filter((item) => item.weak).length,
      escalated: items.filter((item) => item.escalated).length,
      answeredByPerson: items.filter((item) => item.expertReplies.length > 0).length,
    },
    clusters,
    ...(input.stale ? { stale: input.stale } : {}),
    notes: input.notes ?? [],
  });
}

function describeCluster(members: GapItem[], nearest: GapCluster["nearestSections"]): GapCluster {
  const examples: string[] = [];
  for (const member of members) {
    const seen = examples.some((example) => normalise(example) === normalise(member.question));
    if (!seen && examples.length < EXAMPLES) examples.push(member.question);
  }
  const votes = new Map<string, { title: string; section: string; votes: number }>();
  for (const member of members.filter((item) => item.votedDown > 0)) {
    for (const cited of uniqueSections(member.cited)) {
      const key = `${cited.source ?? cited.title}\u0000${cited.section}`;
      const entry = votes.get(key) ?? { title: cited.title, section: cited.section, votes: 0 };
      entry.votes += member.votedDown;
      votes.set(key, entry);
    }
  }
  const votedDownSections = [...votes.values()].sort((a, b) => b.votes - a.votes);
  const expertReplies = members.flatMap((member) => member.expertReplies).slice(-3);
  const cluster = {
    size: members.length,
    refused: members.filter((item) => item.refused).length,
    votedDown: members.filter((item) => item.votedDown > 0).length,
    weak: members.filter((item) => item.weak).length,
    escalated: members.filter((item) => item.escalated).length,
    answeredByPerson: members.filter((item) => item.expertReplies.length > 0).length,
    examples,
    nearestSections: nearest,
    votedDownSections,
    expertReplies,
  };
  return { ...cluster, suggestion: suggest(cluster) };
}

/** The one line an admin acts on: the strongest signal first (a person's answer, a section voted down, then absence). */
function suggest(cluster: Omit<GapCluster, "suggestion">): string {
  const example = `“${cluster.examples[0] ?? "these questions"}”`;
  const near = cluster.nearestSections[0];
  const nearName = near ? `“${near.section}”` : undefined;
  if (cluster.answeredByPerson > 0) {
    return `a person answered ${example}${cluster.answeredByPerson > 1 ? ` (${cluster.answeredByPerson} times)` : ""}: write their reply up in the documents${nearName ? `, near ${nearName}` : ""}`;
  }
  const downVoted = cluster.votedDownSections[0];
  if (downVoted && downVoted.votes >= Math.max(1, cluster.votedDown / 2)) {
    return `section “${downVoted.section}” is cited but voted down (${downVoted.votes} 👎): check that it answers ${example}`;
  }
  if (!near || near.similarity < NEAR_ENOUGH) return `no section covers ${example}: add one`;
  if (cluster.refused + cluster.votedDown === 0) return `${nearName} answers ${example} only weakly: make it say so plainly`;
  return `no section covers ${example}; the nearest is ${nearName} (similarity ${near.similarity.toFixed(2)}): extend it or add a section`;
}

function uniqueSections(sections: GapItem["cited"]): GapItem["cited"] {
  return [...new Map(sections.map((section) => [`${section.source ?? section.title}\u0000${section.section}`, section])).values()];
}

function normalise(question: string): string {
  return question.toLowerCase().replace(/[^\p{Letter}\p{Number}]+/gu, " ").trim();
}
