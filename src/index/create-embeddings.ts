import type { Config } from "../config.js";
import { CitebotError, ErrorCode } from "../errors.js";
import { UseLiteEmbeddings, type CitebotEmbeddings } from "./embedder.js";

/** The embedder the EMBEDDINGS setting names; hosted ones are opt-in. */
export async function createEmbeddings(config: Config): Promise<CitebotEmbeddings> {
  switch (config.EMBEDDINGS) {
    case "use-lite":
      return new UseLiteEmbeddings();
    default:
      throw new CitebotError(ErrorCode.ConfigInvalid, `EMBEDDINGS=${config.EMBEDDINGS} is not available in this build; use EMBEDDINGS=use-lite.`);
  }
}
