import { SECTION_SEPARATOR, type Chunk, type Unit } from "../corpus/document.js";

/** Code lines that reach the embedder: a model trained on prose gains little from more. */
const CODE_LINES = 6;

/**
 * What the embedder sees for a chunk: its own heading gives short sections context, and code is cut to
 * its first lines. The full path is left out because a document title repeated in every chunk makes all of
 * that document's chunks look alike.
 */
export function chunkEmbeddingText(chunk: Chunk): string {
  const heading = chunk.section.split(SECTION_SEPARATOR).at(-1) ?? "";
  const body = chunk.units
    .filter((unit) => unit.kind !== "list")
    .map((unit) => (unit.kind === "code" ? firstLines(unit.text) : unit.text))
    .join("\n");
  return plain(`${heading}\n${body}`);
}

/** The heading path alone: questions often paraphrase a heading ("what went wrong" ~ "Pain Points"). */
export function headingEmbeddingText(chunk: Chunk): string {
  return plain(chunk.section.split(SECTION_SEPARATOR).join(". "));
}

/**
 * What the embedder sees for a unit: a short list item or a code block is read with what introduces it
 * ("websites running Django: Instagram"), so that it means something on its own.
 */
export function unitEmbeddingText(chunk: Chunk, unit: Unit): string {
  const leadIn = unit.leadIn !== undefined ? chunk.units[unit.leadIn]?.text : undefined;
  switch (unit.kind) {
    case "code":
      return plain(`${leadIn ?? ""}\n${firstLines(unit.text)}`);
    case "list":
      return plain(`${leadIn ?? ""} ${unit.text}`);
    case "item":
    case "row":
      return plain(leadIn && unit.text.split(/\s+/).length < 8 ? `${leadIn} ${unit.text}` : unit.text);
    default:
      return plain(unit.text);
  }
}

function firstLines(code: string): string {
  return code.split("\n").slice(0, CODE_LINES).join("\n");
}

function plain(text: string): string {
  return text.replace(/`/g, "").trim();
}
