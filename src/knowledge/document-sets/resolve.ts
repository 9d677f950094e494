import picomatch from "picomatch";
import type { Platform } from "../../store/records.js";
import { ALL_DOCUMENTS, type DocumentSetsFile, type DocumentSetSpec } from "./settings.js";

/** Where a question is asked, as the adapter knows it. */
export interface Place {
  platform: Platform;
  channelId: string;
  /** A thread's parent channel (a Discord thread has its own channel id): the thread uses the parent's set. */
  parentChannelId?: string;
  /** The Discord server, when there is one. */
  guildId?: string;
  isDm: boolean;
  /**
   * Whether everyone in the workspace or server can read the channel. Unknown (undefined) counts as public when
   * publicChannels is public-sets-only: the safe side of the rule.
   */
  isPublic?: boolean;
}

/** The documents a place may be answered from; the engine's AnswerOptions.allowSource takes `allowSource`. */
export interface DocumentSet {
  name: string;
  allowSource(source: string): boolean;
}

/** Place → its document set; `named` finds a set again by the name it gave (a logged question's documentSet). */
export type DocumentSetResolver = ((place: Place) => DocumentSet) & { named(name: string): DocumentSet | undefined };

/** Every document: the resolver when there is no document sets file. */
export const allDocuments: DocumentSet = { name: ALL_DOCUMENTS, allowSource: () => true };

/**
 * The resolver the settings file describes. Most specific first: a listed channel (or a thread's parent channel),
 * then its Discord server, then
 * direct messages on that platform (`dm: any` after), then `default`. With publicChannels: public-sets-only, a place
 * that is not a DM and not known to be private keeps only the documents some `public: true` set includes.
 */
export function createDocumentSetResolver(settings: DocumentSetsFile | undefined): DocumentSetResolver {
  if (!settings) return Object.assign(() => allDocuments, { named: (name: string) => (name === ALL_DOCUMENTS ? allDocuments : undefined) });
  const sets = new Map<string, DocumentSet>(Object.entries(settings.documentSets).map(([name, spec]) => [name, compileSet(name, spec)]));
  if (!sets.has(ALL_DOCUMENTS)) sets.set(ALL_DOCUMENTS, allDocuments);
  const publicSets = [...sets.entries()].filter(([name]) => settings.documentSets[name]?.public).map(([, set]) => set);
  const inPublicSet = memoise((source) => publicSets.some((set) => set.allowSource(source)));
  const publicOnly = new Map<string, DocumentSet>();
  const setNamed = (name: string) => sets.get(name) ?? allDocuments;

  const byPlace = new Map<string, string>();
  for (const place of settings.places) {
    if (place.slackChannel !== undefined) byPlace.set(`slack:channel:${place.slackChannel}`, place.set);
    if (place.discordChannel !== undefined) byPlace.set(`discord:channel:${place.discordChannel}`, place.set);
    if (place.discordGuild !== undefined) byPlace.set(`discord:guild:${place.discordGuild}`, place.set);
    if (place.dm !== undefined) byPlace.set(`dm:${place.dm}`, place.set);
  }

  const chosen = (place: Place): string => {
    const channel = byPlace.get(`${place.platform}:channel:${place.channelId}`) ?? (place.parentChannelId !== undefined ? byPlace.get(`${place.platform}:channel:${place.parentChannelId}`) : undefined);
    if (channel !== undefined) return channel;
    const wider = place.isDm ? (byPlace.get(`dm:${place.platform}`) ?? byPlace.get("dm:any")) : place.guildId !== undefined ? byPlace.get(`${place.platform}:guild:${place.guildId}`) : undefined;
    return wider ?? settings.default;
  };

  const publicOnlyVersion = (name: string, set: DocumentSet): DocumentSet => {
    let restricted = publicOnly.get(name);
    if (!restricted) {
      restricted = { name: `${name}${PUBLIC_ONLY}`, allowSource: memoise((source) => inPublicSet(source) && set.allowSource(source)) };
      publicOnly.set(name, restricted);
    }
    return restricted;
  };
  const resolve = (place: Place): DocumentSet => {
    const name = chosen(place);
    const set = setNamed(name);
    const keepPublic = settings.publicChannels === "public-sets-only" && !place.isDm && place.isPublic !== false;
    return keepPublic && !settings.documentSets[name]?.public ? publicOnlyVersion(name, set) : set;
  };
  const named = (name: string): DocumentSet | undefined => {
    const base = name.endsWith(PUBLIC_ONLY) ? name.slice(0, -PUBLIC_ONLY.length) : name;
    const set = sets.get(base);
    if (!set) return undefined;
    return base === name ? set : publicOnlyVersion(base, set);
  };
  return Object.assign(resolve, { named });
}

const PUBLIC_ONLY = " (public documents only)";

function compileSet(name: string, spec: DocumentSetSpec): DocumentSet {
  // Corpus paths are relative with forward slashes (SourceDocument.source); dot files are documents too.
  const included = picomatch(spec.include, { dot: true });
  const excluded = spec.exclude.length > 0 ? picomatch(spec.exclude, { dot: true }) : () => false;
  return { name, allowSource: memoise((source) => included(source) && !excluded(source)) };
}

/** The engine asks about the same few sources for every candidate chunk: answer each once. */
function memoise(test: (source: string) => boolean): (source: string) => boolean {
  const known = new Map<string, boolean>();
  return (source) => {
    let allowed = known.get(source);
    if (allowed === undefined) {
      allowed = test(source);
      known.set(source, allowed);
    }
    return allowed;
  };
}

/** How many of `sources` each set holds: an empty set is almost always a glob that does not match the corpus. */
export function documentsPerSet(settings: DocumentSetsFile, sources: readonly string[]): Map<string, number> {
  return new Map(Object.entries(settings.documentSets).map(([name, spec]) => [name, sources.filter(compileSet(name, spec).allowSource).length]));
}
