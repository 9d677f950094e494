import SearchableMap from "minisearch/SearchableMap";

/**
 * BM25 over typed-array postings, scoring exactly as MiniSearch 7 does for the options in lexical.ts (fields
 * section + text, section boosted 1.5, prefix search above four letters, fuzzy above five, OR). MiniSearch
 * keeps a Map per posting: 8.5M of them at 100k chunks took 27 s to build and 500 MB of heap, and its JSON
 * form rebuilds the same Maps when loaded. Here the postings load in one read and score into flat arrays.
 */
export interface LexicalPostings {
  /** Terms in the order MiniSearch first met them: rebuilding the radix tree in that order gives its iteration order. */
  terms: string[];
  fields: readonly string[];
  documentCount: number;
  averageFieldLength: number[];
  /** Start of each (term, field) posting list in `documents`/`frequencies`: index term × fields + field; one extra end entry. */
  offsets: Uint32Array;
  documents: Uint32Array;
  frequencies: Uint16Array;
  /** Distinct raw tokens of each (document, field): MiniSearch's field length. */
  fieldLengths: Uint16Array;
}

export interface PostingsQueryOptions {
  tokenize: (text: string) => string[];
  processTerm: (term: string) => string | null;
  boost: Record<string, number>;
  fuzzy: (term: string) => number | false;
  prefix: (term: string) => boolean;
}

// MiniSearch's defaults (src/MiniSearch.ts: defaultSearchOptions, defaultBM25params).
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
const WEIGHTS = { fuzzy: 0.45, prefix: 0.375 } as const;
const MAX_FUZZY = 6;
const U16_MAX = 65_535;

/** Postings of `documents` (each one value per field), as MiniSearch's `addAll` would index them. */
export function buildPostings(documents: ReadonlyArray<readonly string[]>, fields: readonly string[], options: Pick<PostingsQueryOptions, "tokenize" | "processTerm">): LexicalPostings {
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // Per (term, field): documents in the order met, with their frequency.
  const lists: Array<{ documents: number[]; frequencies: number[] }> = [];
  const fieldLengths = new Uint16Array(documents.length * fields.length);
  const averageFieldLength = fields.map(() => 0);
  documents.forEach((values, document) => {
    fields.forEach((_, field) => {
      const tokens = options.tokenize(values[field] ?? "");
      const length = new Set(tokens).size;
      fieldLengths[document * fields.length + field] = Math.min(U16_MAX, length);
      // MiniSearch's running mean, in its order of operations, so scores match to the last bit.
      averageFieldLength[field] = ((averageFieldLength[field] ?? 0) * document + length) / (document + 1);
      for (const token of tokens) {
        const term = options.processTerm(token);
        if (!term) continue;
        let id = termIds.get(term);
        if (id === undefined) {
          id = terms.length;
          termIds.set(term, id);
          terms.push(term);
          for (let f = 0; f < fields.length; f++) lists.push({ documents: [], frequencies: [] });
        }
        const list = lists[id * fields.length + field] as { documents: number[]; frequencies: number[] };
        const last = list.documents.length - 1;
        if (list.documents[last] === document) list.frequencies[last] = Math.min(U16_MAX, (list.frequencies[last] ?? 0) + 1);
        else {
          list.documents.push(document);
          list.frequencies.push(1);
        }
      }
    });
  });
  const offsets = new Uint32Array(lists.length + 1);
  lists.forEach((list, i) => {
    offsets[i + 1] = (offsets[i] ?? 0) + list.documents.length;
  });
  const total = offsets[lists.length] ?? 0;
  const postingDocuments = new Uint32Array(total);
  const frequencies = new Uint16Array(total);
  lists.forEach((list, i) => {
    postingDocuments.set(list.documents, offsets[i]);
    frequencies.set(list.frequencies, offsets[i]);
  });
  return { terms, fields, documentCount: documents.length, averageFieldLength, offsets, documents: postingDocuments, frequencies, fieldLengths };
}

/** A searcher over `postings`; builds the term dictionary (a radix tree, for prefix and fuzzy matching) once. */
export function createPostingsSearch(postings: LexicalPostings, options: PostingsQueryOptions): (query: string, limit: number) => Array<{ index: number; score: number }> {
  const dictionary = new SearchableMap<number>();
  postings.terms.forEach((term, id) => dictionary.set(term, id));
  const { fields, documentCount } = postings;
  const fieldCount = fields.length;
  const boosts = fields.map((field) => options.boost[field] ?? 1);
  const specScore = new Float64Array(documentCount);
  const total = new Float64Array(documentCount);
  const quality = new Uint32Array(documentCount);
  // Which spec last touched a document (+1; 0 = none yet), and whether any spec has.
  const touchedBySpec = new Uint32Array(documentCount);
  const seen = new Uint8Array(documentCount);

  return (query, limit) => {
    const queryTerms = options
      .tokenize(query)
      .map((token) => options.processTerm(token))
      .filter((term): term is string => Boolean(term));
    const order: number[] = [];
    const firstSeen = new Set<string>();
    queryTerms.forEach((term, spec) => {
      const counts = !firstSeen.has(term);
      firstSeen.add(term);
      const stamp = spec + 1;
      const touched: number[] = [];
      const addTerm = (id: number, weight: number) => {
        for (let field = 0; field < fieldCount; field++) {
          const start = postings.offsets[id * fieldCount + field] ?? 0;
          const end = postings.offsets[id * fieldCount + field + 1] ?? 0;
          const matching = end - start;
          if (matching === 0) continue;
          const average = postings.averageFieldLength[field] ?? 1;
          const inverse = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
          const fieldWeight = weight * (boosts[field] ?? 1);
          for (let p = start; p < end; p++) {
            const document = postings.documents[p] ?? 0;
            const frequency = postings.frequencies[p] ?? 0;
            const length = postings.fieldLengths[document * fieldCount + field] ?? 0;
            const raw = inverse * (BM25.d + (frequency * (BM25.k + 1)) / (frequency + BM25.k * (1 - BM25.b + (BM25.b * length) / average)));
            const score = fieldWeight * raw;
            if (touchedBySpec[document] === stamp) specScore[document] = (specScore[document] ?? 0) + score;
            else {
              touchedBySpec[document] = stamp;
              specScore[document] = score;
              touched.push(document);
            }
          }
        }
      };
      const exact = dictionary.get(term);
      if (exact !== undefined) addTerm(exact, 1);
      const fuzzy = options.fuzzy(term);
      const maxDistance = fuzzy === false ? 0 : fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(term.length * fuzzy)) : fuzzy;
      const fuzzyMatches = maxDistance ? dictionary.fuzzyGet(term, maxDistance) : undefined;
      if (options.prefix(term)) {
        for (const [match, id] of dictionary.atPrefix(term)) {
          const distance = match.length - term.length;
          if (!distance) continue;
          fuzzyMatches?.delete(match);
          addTerm(id, (WEIGHTS.prefix * match.length) / (match.length + 0.3 * distance));
        }
      }
      if (fuzzyMatches) {
        for (const [match, [id, distance]] of fuzzyMatches) {
          if (!distance) continue;
          addTerm(id, (WEIGHTS.fuzzy * match.length) / (match.length + distance));
        }
      }
      // MiniSearch sums each query term's scores apart, then adds them together (its OR combinator).
      for (const document of touched) {
        if (!seen[document]) {
          seen[document] = 1;
          total[document] = specScore[document] ?? 0;
          quality[document] = 1;
          order.push(document);
        } else {
          total[document] = (total[document] ?? 0) + (specScore[document] ?? 0);
          if (counts) quality[document] = (quality[document] ?? 0) + 1;
        }
      }
    });
    const hits = topByScore(order, (document) => (total[document] ?? 0) * (quality[document] || 1), limit);
    for (const document of order) {
      seen[document] = 0;
      touchedBySpec[document] = 0;
    }
    return hits;
  };
}

/** The `limit` best, ties in the order met: what a stable sort by score followed by a slice gives. */
function topByScore(order: readonly number[], scoreOf: (document: number) => number, limit: number): Array<{ index: number; score: number }> {
  const best: Array<{ index: number; score: number }> = [];
  if (limit <= 0) return best;
  for (const index of order) {
    const score = scoreOf(index);
    if (best.length === limit && score <= (best[limit - 1] as { score: number }).score) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1] as { score: number }).score < score) at--;
    best.splice(at, 0, { index, score });
    if (best.length > limit) best.pop();
  }
  return best;
}

/** The JSON part (terms, sizes) and the binary part (offsets, postings, field lengths) of postings on disk. */
export function encodePostings(postings: LexicalPostings): { meta: PostingsMeta; binary: Buffer } {
  const parts = [postings.offsets, postings.documents, postings.fieldLengths, postings.frequencies];
  const binary = Buffer.concat(parts.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)));
  return {
    meta: { terms: postings.terms, fields: [...postings.fields], documentCount: postings.documentCount, averageFieldLength: postings.averageFieldLength, postingCount: postings.documents.length },
    binary,
  };
}

export interface PostingsMeta {
  terms: string[];
  fields: string[];
  documentCount: number;
  averageFieldLength: number[];
  postingCount: number;
}

/** The inverse of `encodePostings`; throws when the sizes disagree (a damaged file). */
export function decodePostings(meta: PostingsMeta, binary: Uint8Array): LexicalPostings {
  const fieldCount = meta.fields.length;
  const offsetCount = meta.terms.length * fieldCount + 1;
  const expected = offsetCount * 4 + meta.postingCount * 4 + meta.documentCount * fieldCount * 2 + meta.postingCount * 2;
  if (binary.byteLength !== expected) throw new Error(`lexical postings hold ${binary.byteLength} bytes, expected ${expected}`);
  // Typed views need 4-byte alignment: a small Buffer may sit at any offset of Node's shared pool.
  const aligned = binary.byteOffset % 4 === 0 ? binary : Uint8Array.from(binary);
  let at = aligned.byteOffset;
  const take = <T>(make: (buffer: ArrayBufferLike, offset: number, length: number) => T, count: number, bytes: number): T => {
    const view = make(aligned.buffer, at, count);
    at += count * bytes;
    return view;
  };
  const offsets = take((b, o, n) => new Uint32Array(b, o, n), offsetCount, 4);
  const documents = take((b, o, n) => new Uint32Array(b, o, n), meta.postingCount, 4);
  const fieldLengths = take((b, o, n) => new Uint16Array(b, o, n), meta.documentCount * fieldCount, 2);
  const frequencies = take((b, o, n) => new Uint16Array(b, o, n), meta.postingCount, 2);
  if ((offsets[offsetCount - 1] ?? 0) !== meta.postingCount) throw new Error("lexical posting offsets do not add up");
  return { terms: meta.terms, fields: meta.fields, documentCount: meta.documentCount, averageFieldLength: meta.averageFieldLength, offsets, documents, frequencies, fieldLengths };
}
