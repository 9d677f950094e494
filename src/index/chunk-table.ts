import { isAscii } from "node:buffer";
import { z } from "zod";
import type { Chunk, Unit } from "../corpus/document.js";
import type { RandomAccessFile } from "./random-access-file.js";

/** Chunk bodies (text and units) a process keeps parsed: those recent questions retrieved. */
export const CHUNK_BODY_CACHE = 4_096;

/**
 * `chunk-table.json`: what every chunk needs at hand (id, document, section, link, unit count) and where its
 * body sits in `chunk-bodies.jsonl`. 100k chunks parsed whole took 11 s and 740 MB of heap; the table is a
 * twentieth of that, and a body is read when a question retrieves its chunk.
 */
const ChunkTable = z.object({
  version: z.literal(1),
  /** [source, title] */
  documents: z.array(z.tuple([z.string(), z.string()])),
  /** [document, id, section, url, units, body bytes, page (0: none)] */
  chunks: z.array(z.tuple([z.number().int().nonnegative(), z.string(), z.string(), z.string(), z.number().int().nonnegative(), z.number().int().positive(), z.number().int().nonnegative()])),
});

const Body = z.object({ text: z.string(), units: z.array(z.object({ kind: z.string(), text: z.string(), block: z.number() }).passthrough()) });

/** The table and the bodies (one JSON line per chunk, the whole Chunk as before) for `chunks`. */
export function encodeChunkTable(chunks: readonly Chunk[]): { table: string; bodies: Buffer } {
  const documents = new Map<string, number>();
  const lines: Buffer[] = [];
  const rows = chunks.map((chunk): z.infer<typeof ChunkTable>["chunks"][number] => {
    const key = `${chunk.source}\u0000${chunk.title}`;
    if (!documents.has(key)) documents.set(key, documents.size);
    const line = Buffer.from(`${JSON.stringify(plainChunk(chunk))}\n`);
    lines.push(line);
    return [documents.get(key) ?? 0, chunk.id, chunk.section, chunk.url, chunk.units.length, line.length, chunk.page ?? 0];
  });
  const table = { version: 1 as const, documents: [...documents.keys()].map((key) => key.split("\u0000") as [string, string]), chunks: rows };
  return { table: asciiJson(table satisfies z.infer<typeof ChunkTable>), bodies: Buffer.concat(lines) };
}

/**
 * JSON with every non-ASCII character escaped: read back as Latin-1 it is a one-byte string, where one "›" in
 * 17 MB of UTF-8 makes V8 decode the whole file into a two-byte string (twice the memory, in a VM where each
 * fresh page costs microseconds).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export interface ChunkTableReader {
  chunks: Chunk[];
  /** Row of each chunk's first unit in the unit vectors. */
  firstUnitRow: Uint32Array;
  unitCount: number;
}

/** Chunks whose `text` and `units` are read from `bodies` on first use (and cached); `damaged` makes the error for a bad file. */
export function openChunkTable(tableBytes: Uint8Array, bodies: RandomAccessFile, damaged: (detail: string) => Error, cacheSize = CHUNK_BODY_CACHE): ChunkTableReader {
  const text = Buffer.from(tableBytes.buffer, tableBytes.byteOffset, tableBytes.byteLength).toString(isAscii(tableBytes) ? "latin1" : "utf8");
  const parsed = checkTable(safeJson(text));
  if (typeof parsed === "string") throw damaged(`chunk-table.json is not valid (${parsed})`);
  const { documents, chunks: rows } = parsed;
  const offsets = new Float64Array(rows.length + 1);
  const firstUnitRow = new Uint32Array(rows.length);
  let units = 0;
  rows.forEach((row, i) => {
    offsets[i + 1] = (offsets[i] ?? 0) + row[5];
    firstUnitRow[i] = units;
    units += row[4];
  });
  if (offsets[rows.length] !== bodies.size) throw damaged(`chunk-bodies.jsonl holds ${bodies.size} bytes, chunk-table.json expects ${offsets[rows.length]}`);
  const cache = new Map<number, { text: string; units: Unit[] }>();
  const body = (i: number): { text: string; units: Unit[] } => {
    const cached = cache.get(i);
    if (cached) {
      // Re-inserted: the first key of the Map is then the least recently used.
      cache.delete(i);
      cache.set(i, cached);
      return cached;
    }
    const start = offsets[i] ?? 0;
    const read = Body.safeParse(safeJson(bodies.read(start, (offsets[i + 1] ?? 0) - start).toString("utf8")));
    if (!read.success) throw damaged(`chunk-bodies.jsonl is damaged at chunk ${i}`);
    const value = { text: read.data.text, units: read.data.units as Unit[] };
    cache.set(i, value);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as number);
    return value;
  };
  const chunks = rows.map(([document, id, section, url, , , page], i) => {
    const [source, title] = documents[document] ?? ["", ""];
    return new StoredChunk(id, source, title, section, url, page || undefined, () => body(i));
  });
  return { chunks, firstUnitRow, unitCount: units };
}

/**
 * A Chunk whose body is read on demand. `JSON.stringify` gives the whole chunk (toJSON); a spread or
 * structured clone copies only the fields at hand, so send plainChunk(chunk) across threads.
 */
class StoredChunk implements Chunk {
  readonly page?: number;
  readonly #body: () => { text: string; units: Unit[] };

  constructor(
    readonly id: string,
    readonly source: string,
    readonly title: string,
    readonly section: string,
    readonly url: string,
    page: number | undefined,
    body: () => { text: string; units: Unit[] },
  ) {
    if (page !== undefined) this.page = page;
    this.#body = body;
  }

  get text(): string {
    return this.#body().text;
  }

  get units(): Unit[] {
    return this.#body().units;
  }

  toJSON(): Chunk {
    return plainChunk(this);
  }
}

/** The chunk as a plain object with its body: what chunks.json held. */
export function plainChunk(chunk: Chunk): Chunk {
  return { id: chunk.id, source: chunk.source, title: chunk.title, section: chunk.section, url: chunk.url, text: chunk.text, units: chunk.units, ...(chunk.page !== undefined ? { page: chunk.page } : {}) };
}

/**
 * ChunkTable's checks written out: zod copies every array it parses, which for 100k rows is 100k arrays more for
 * the collector (and a quarter of a second). The schema above stays the type.
 */
function checkTable(value: unknown): z.infer<typeof ChunkTable> | string {
  const table = value as Partial<z.infer<typeof ChunkTable>> | undefined;
  if (table?.version !== 1 || !Array.isArray(table.documents) || !Array.isArray(table.chunks)) return "not a version 1 chunk table";
  const documentCount = table.documents.length;
  for (const document of table.documents) if (!Array.isArray(document) || typeof document[0] !== "string" || typeof document[1] !== "string") return "a document entry is malformed";
  const count = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min;
  for (const [i, row] of table.chunks.entries()) {
    const ok = Array.isArray(row) && row.length === 7 && count(row[0], 0) && (row[0] as number) < documentCount && typeof row[1] === "string" && typeof row[2] === "string" && typeof row[3] === "string" && count(row[4], 0) && count(row[5], 1) && count(row[6], 0);
    if (!ok) return `chunk row ${i} is malformed`;
  }
  return table as z.infer<typeof ChunkTable>;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
