import { CitebotEmbeddings } from "../src/index/embedder.js";

/**
 * Passes every call to another embedder and keeps the time spent inside it and the texts it was given,
 * so ingest's own overhead can be separated from embedding and the same texts re-embedded raw.
 */
export class TimedEmbeddings extends CitebotEmbeddings {
  readonly id: string;
  readonly dimension: number;
  embedMs = 0;
  texts: string[] = [];
  readonly #inner: CitebotEmbeddings;

  constructor(inner: CitebotEmbeddings) {
    super({});
    this.#inner = inner;
    this.id = inner.id;
    this.dimension = inner.dimension;
  }

  reset(): void {
    this.embedMs = 0;
    this.texts = [];
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const started = performance.now();
    try {
      return await this.#inner.embedDocuments(texts);
    } finally {
      this.embedMs += performance.now() - started;
      this.texts.push(...texts);
    }
  }

  override async embedQuery(text: string): Promise<number[]> {
    const started = performance.now();
    try {
      return await this.#inner.embedQuery(text);
    } finally {
      this.embedMs += performance.now() - started;
    }
  }
}
