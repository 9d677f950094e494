import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { CitebotError, ErrorCode } from "../../errors.js";
import { DocumentSetsFile } from "./settings.js";

/** Looked for in the working directory, in this order, when DOCUMENT_SETS_FILE is empty. */
export const DOCUMENT_SETS_FILE_NAMES = ["citebot.yaml", "citebot.yml", "citebot.json"] as const;

export interface LoadedDocumentSets {
  file: string;
  settings: DocumentSetsFile;
}

/**
 * Reads the document sets file: `file` (DOCUMENT_SETS_FILE) when given, which must exist; else the first of
 * citebot.yaml, citebot.yml, citebot.json in `cwd`, if any (undefined: no sets, every place sees every document).
 * A file that does not parse or validate is one config_invalid error naming the file and each bad field.
 */
export async function loadDocumentSets(options: { file?: string; cwd?: string } = {}): Promise<LoadedDocumentSets | undefined> {
  const cwd = options.cwd ?? process.cwd();
  if (options.file) {
    const file = path.resolve(cwd, options.file);
    const text = await fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new CitebotError(ErrorCode.ConfigInvalid, `DOCUMENT_SETS_FILE: cannot read ${file} (${error.code ?? error.message}); fix the path or leave the setting empty`);
    });
    return { file, settings: parseDocumentSets(text, file) };
  }
  for (const name of DOCUMENT_SETS_FILE_NAMES) {
    const file = path.join(cwd, name);
    const text = await fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw new CitebotError(ErrorCode.ConfigInvalid, `${file}: cannot read it (${error.code ?? error.message})`);
    });
    if (text !== undefined) return { file, settings: parseDocumentSets(text, file) };
  }
  return undefined;
}

/** Parses and validates the file's text; `file` names it in errors, and its extension picks JSON or YAML. */
export function parseDocumentSets(text: string, file: string): DocumentSetsFile {
  let raw: unknown;
  try {
    raw = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const what = file.endsWith(".json") ? "JSON" : "YAML";
    throw new CitebotError(ErrorCode.ConfigInvalid, `${file}: not valid ${what}: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = DocumentSetsFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${fieldPath(issue.path) || "(file)"}: ${issue.message}`);
    throw new CitebotError(ErrorCode.ConfigInvalid, `${file}: invalid document sets:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** `places[2].set`, `documentSets.handbook.include` */
function fieldPath(issuePath: readonly PropertyKey[]): string {
  return issuePath.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i > 0 ? "." : ""}${String(part)}`)).join("");
}
