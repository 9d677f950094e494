import type { Config } from "../config.js";
import { engineOptions, indexOptions, storeOptions, createEmbeddings } from "../app.js";
import { createEngine } from "../engine/engine.js";
import { ErrorCode, isCitebotError } from "../errors.js";
import type { CitebotEmbeddings } from "../index/embedder.js";
import { openIndex, type LoadedIndex } from "../index/store.js";
import type { Logger } from "../logger.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { loadDocumentSets } from "../knowledge/document-sets/load.js";
import { createDocumentSetResolver, type DocumentSetResolver } from "../knowledge/document-sets/resolve.js";
import { allowSourceFor } from "../knowledge/document-sets/allow-source-for.js";
import { sectionHashesOf } from "../knowledge/section-hashes.js";
import { checkStaleAnswersInStore } from "../knowledge/stale/check-stale.js";
import type { StaleReport } from "../knowledge/stale/stale-report.js";

/** What the knowledge commands (`npm run gaps`, the check after `npm run ingest`) work on, opened from the settings. */
export interface KnowledgeContext {
  store: Store;
  embeddings: CitebotEmbeddings;
  /** The current index generation; undefined before the first ingest. */
  index: LoadedIndex | undefined;
  documentSets: DocumentSetResolver;
  close(): Promise<void>;
}

/** Opens the store, the embedder, the current index (if any) and the document sets the settings name. */
export async function openKnowledgeContext(config: Config, logger: Logger): Promise<KnowledgeContext> {
  // The sets file first: a mistake in it is reported before anything heavy is opened.
  const documentSets = createDocumentSetResolver((await loadDocumentSets(config.DOCUMENT_SETS_FILE ? { file: config.DOCUMENT_SETS_FILE } : {}))?.settings);
  const store = await openStore({ ...storeOptions(config), logger });
  let embeddings: CitebotEmbeddings | undefined;
  try {
    const opened = await createEmbeddings(config);
    embeddings = opened;
    const index = await openIndex(config.INDEX_DIR, opened, indexOptions(config)).catch((error: unknown) => {
      if (isCitebotError(error) && error.code === ErrorCode.IndexMissing) return undefined;
      throw error;
    });
    return {
      store,
      embeddings: opened,
      index,
      documentSets,
      async close() {
        await opened.release();
        await store.close();
      },
    };
  } catch (error) {
    await embeddings?.release();
    await store.close();
    throw error;
  }
}

/** The stale-answer check against the context's index, with the 👍 answers replayed on it (STALE_REPLAY_MAX). */
export async function staleReportOf(context: KnowledgeContext, config: Config): Promise<StaleReport | undefined> {
  const { index } = context;
  if (!index) return undefined;
  return checkStaleAnswersInStore({
    store: context.store,
    sections: sectionHashesOf(index.generation, index.chunks),
    engine: createEngine({ index, embeddings: context.embeddings }, engineOptions(config)),
    replayMax: config.STALE_REPLAY_MAX,
    allowSourceFor: allowSourceFor(context.documentSets.named),
  });
}
