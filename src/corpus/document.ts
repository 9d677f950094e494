export type SourceFormat = "markdown" | "html" | "text";

/** A corpus file after loading and cleaning: Markdown-style text with `#` headings, ready to chunk. */
export interface SourceDocument {
  /** Path relative to the corpus folder, with forward slashes. */
  source: string;
  format: SourceFormat;
  title: string;
  /** Link to the document (from front matter), or the source path when none is given. */
  url: string;
  /** True when title/url came from the document's own metadata rather than being derived. */
  metadata: { titleFromMetadata: boolean; urlFromMetadata: boolean };
  /** Cleaned text; headings are `#` lines, optionally with `{#anchor}`. */
  text: string;
}

/** A heading-delimited piece of a document, the unit of retrieval and citation. */
export interface Chunk {
  id: string;
  source: string;
  title: string;
  /** Heading path, e.g. "When Not to Use a Web Framework › Low-latency… › Online Games". */
  section: string;
  url: string;
  text: string;
  /** Character offsets of `text` in the cleaned document text. */
  start: number;
  end: number;
  sentences: Sentence[];
}

export interface Sentence {
  text: string;
  /** Offsets within the chunk text. */
  start: number;
  end: number;
}

export const SECTION_SEPARATOR = " › ";
