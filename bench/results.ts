import type { LatencySummary } from "./stats.js";
import type { AnswerPathResult } from "./answer-path.js";
import type { ChatLoadResult } from "./chat-load.js";
import type { Geometry } from "./geometry.js";
import type { IngestRun } from "./ingest-throughput.js";
import type { MachineInfo } from "./machine.js";
import type { ParallelEmbedRun } from "./parallel-embed.js";
import type { StartupRun } from "./startup.js";
import type { SyntheticIndexSummary } from "./synthetic-index.js";
import type { VectorSearchResult } from "./vector-search.js";

export type BenchMode = "full" | "quick";

/** One issue-5 target, judged against what this run measured. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
  /** By how much it was met or missed. */
  margin: string;
}

/** Everything one `npm run bench` measured; written as bench/results.json. */
export interface BenchResults {
  schemaVersion: 1;
  mode: BenchMode;
  command: string;
  startedAt: string;
  durationS: number;
  machine: MachineInfo;
  settings: { chunkMaxChars: number; maxFileBytes: number; efSearchDefault: number };
  vectorSearch: VectorSearchResult;
  answerPath: AnswerPathResult & { corpusGeometry: Geometry };
  ingest: { runs: IngestRun[]; parallelEmbed: ParallelEmbedRun[] };
  chatLoad: ChatLoadResult;
  /** The same load with the engine on the main thread (ENGINE_WORKERS=0), beside the shipped default. */
  chatExperiments: ChatLoadResult[];
  /** The bench questions asked again through the answer cache (ANSWER_CACHE_ENTRIES): a repeat's latency. */
  answerCache: { miss: LatencySummary; hit: LatencySummary };
  process: { startups: StartupRun[]; syntheticIndexes: SyntheticIndexSummary[] };
  targets: TargetCheck[];
}
