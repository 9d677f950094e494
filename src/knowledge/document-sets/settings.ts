import { z } from "zod";

const slackId = z.string().trim().regex(/^[A-Z0-9]{3,}$/, { message: "must be a Slack channel ID such as C0123ABCD" });
/** YAML reads an unquoted 18-digit snowflake as a number that has lost its last digits: refuse it rather than guess. */
const discordId = z.unknown().transform((value, context) => {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === "string" && /^\d{5,25}$/.test(value.trim())) return value.trim();
  const message = typeof value === "number" ? 'is too long for a YAML number: quote the Discord id ("123…")' : 'must be a numeric Discord id (quoted in YAML: "123…")';
  context.addIssue({ code: "custom", message });
  return z.NEVER;
});

/** A named group of documents: globs over corpus-relative paths (picomatch syntax). */
export const DocumentSetSpec = z.strictObject({
  /** A path is in the set when it matches one of these… */
  include: z.array(z.string().min(1)).min(1, { message: "must list at least one glob, e.g. [\"handbook/**\"]" }),
  /** …and none of these. */
  exclude: z.array(z.string().min(1)).default([]),
  /** Safe to answer from in public channels (see publicChannels). */
  public: z.boolean().default(false),
});
export type DocumentSetSpec = z.infer<typeof DocumentSetSpec>;

const PLACE_KEYS = ["slackChannel", "discordChannel", "discordGuild", "dm"] as const;

/** Which set a place uses: one Slack channel, one Discord channel, a whole Discord server, or direct messages. */
export const PlaceSpec = z
  .strictObject({
    slackChannel: slackId.optional(),
    discordChannel: discordId.optional(),
    discordGuild: discordId.optional(),
    /** Direct messages on one platform, or on every platform (`any`); `cli` is the terminal (`npm run ask`, `npm run chat`). */
    dm: z.enum(["slack", "discord", "cli", "any"]).optional(),
    set: z.string({ message: "must name the document set for this place" }),
  })
  .refine((place) => PLACE_KEYS.filter((key) => place[key] !== undefined).length === 1, { message: `must name exactly one of ${PLACE_KEYS.join(", ")}` });
export type PlaceSpec = z.infer<typeof PlaceSpec>;

/** The set name that means every document, unless the file defines a set by that name. */
export const ALL_DOCUMENTS = "all";

/** The per-channel document sets file (citebot.yaml or citebot.json). */
export const DocumentSetsFile = z
  .strictObject({
    documentSets: z.record(z.string().regex(/^[\w.-]+$/, { message: "set names are letters, digits, - _ ." }), DocumentSetSpec),
    places: z.array(PlaceSpec).default([]),
    /** The set of every place not listed; every document when absent. */
    default: z.string().default(ALL_DOCUMENTS),
    /**
     * `public-sets-only`: in a public channel, only documents that some `public: true` set includes may be cited,
     * whatever set the channel is given (private documents are never answered in public). `any`: no such limit.
     */
    publicChannels: z.enum(["any", "public-sets-only"]).default("any"),
  })
  .superRefine((file, context) => {
    const known = (name: string) => name === ALL_DOCUMENTS || Object.hasOwn(file.documentSets, name);
    const names = [...Object.keys(file.documentSets), ...(Object.hasOwn(file.documentSets, ALL_DOCUMENTS) ? [] : [ALL_DOCUMENTS])].join(", ");
    if (!known(file.default)) context.addIssue({ code: "custom", path: ["default"], message: `no document set named "${file.default}" (sets: ${names})` });
    file.places.forEach((place, i) => {
      if (!known(place.set)) context.addIssue({ code: "custom", path: ["places", i, "set"], message: `no document set named "${place.set}" (sets: ${names})` });
    });
    const seen = new Map<string, number>();
    file.places.forEach((place, i) => {
      const { set: _set, ...where } = place;
      const placeKey = JSON.stringify(where);
      const first = seen.get(placeKey);
      if (first !== undefined) context.addIssue({ code: "custom", path: ["places", i], message: `names the same place as places[${first}]` });
      else seen.set(placeKey, i);
    });
    if (file.publicChannels === "public-sets-only" && !Object.values(file.documentSets).some((set) => set.public)) {
      context.addIssue({ code: "custom", path: ["publicChannels"], message: "is public-sets-only but no document set has public: true, so public channels could cite nothing" });
    }
  });
export type DocumentSetsFile = z.infer<typeof DocumentSetsFile>;
