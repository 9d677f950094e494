export type SourceFormat = "markdown" | "html" | "text" | "pdf" | "docx";

/**
 * A block of a document, after parsing: the structure answers are quoted from. Inline text keeps
 * inline code in backticks; links keep their text; emphasis markers and HTML tags are gone.
 */
export type Block =
  | { kind: "heading"; depth: number; text: string; /** An explicit anchor (HTML id, kramdown `{#id}`). */ anchor?: string }
  | { kind: "paragraph"; text: string }
  /** A paragraph that is only emphasised text ("**Why Django?**"): a label for what follows, not prose. */
  | { kind: "label"; text: string }
  | { kind: "list"; ordered: boolean; items: ListItem[] }
  | { kind: "table"; header: string[]; rows: string[][] }
  | { kind: "code"; lang?: string; text: string }
  /** A PDF page break: later blocks cite this page. */
  | { kind: "page"; page: number };

export interface ListItem {
  text: string;
  /** 0 for a top-level item, 1 for an item nested in it, … */
  depth: number;
}

/** A corpus file after loading and cleaning, ready to chunk. */
export interface SourceDocument {
  /** Path relative to the corpus folder, with forward slashes. */
  source: string;
  format: SourceFormat;
  title: string;
  /** Link to the document (from front matter), or the source path when none is given. */
  url: string;
  /** True when title/url came from the document's own metadata rather than being derived. */
  metadata: { titleFromMetadata: boolean; urlFromMetadata: boolean };
  blocks: Block[];
}

/**
 * What an answer can quote: one sentence, one list item, one table row (read with its header), or one code
 * block. A "list" unit stands for a whole list (its items read together), so a list that answers only as a
 * whole ("Problem: …; Solution: …; Result: …") can be found; it is quoted as its items.
 */
export type UnitKind = "sentence" | "item" | "list" | "row" | "code" | "label";

export interface Unit {
  kind: UnitKind;
  /** The unit as shown: inline Markdown (inline code in backticks); a row as "Header: value; …"; code verbatim. */
  text: string;
  /** Index of the block in the chunk: the units of one paragraph, list or table share it. */
  block: number;
  /** Index (in the chunk's units) of the unit this one reads after: a list's lead-in, a code block's introduction. */
  leadIn?: number;
  /** List nesting depth (items only). */
  depth?: number;
  /** Number of an ordered list item (items only). */
  ordinal?: number;
  /** Language of a code block, when given. */
  lang?: string;
}

/** A heading-delimited piece of a document, the unit of retrieval and citation. */
export interface Chunk {
  id: string;
  source: string;
  title: string;
  /** Heading path, e.g. "When Not to Use a Web Framework › Low-latency… › Online Games". */
  section: string;
  url: string;
  /** The section as readable text (lists as "- " lines, rows as "Header: value", code fenced), for lexical search and LLM prompts. */
  text: string;
  units: Unit[];
  /** 1-based page of a PDF the section starts on. */
  page?: number;
}

export const SECTION_SEPARATOR = " › ";
