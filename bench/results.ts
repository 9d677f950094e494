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
  /** The same load against variants of the bot that are not shipped, to size a fix. */
  chatExperiments: ChatLoadResult[];
  process: { startups: StartupRun[]; syntheticIndex: SyntheticIndexSummary };
  targets: TargetCheck[];
}
