import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors.js";
import { loadDocumentSets, parseDocumentSets } from "../../src/knowledge/document-sets/load.js";
import { createDocumentSetResolver, documentsPerSet, type Place } from "../../src/knowledge/document-sets/resolve.js";
import { makeTempDir, writeFiles } from "../helpers/temp-dir.js";

const YAML = `
documentSets:
  handbook:
    include: ["handbook/**"]
    public: true
  engineering:
    include: ["eng/**", "handbook/**"]
    exclude: ["eng/secrets/**"]
  support:
    include: ["support/*.md"]
places:
  - slackChannel: C0ENG
    set: engineering
  - discordGuild: "112233445566778899"
    set: support
  - discordChannel: "998877665544332211"
    set: engineering
  - dm: slack
    set: engineering
default: handbook
`;

const slack = (channelId: string, extra: Partial<Place> = {}): Place => ({ platform: "slack", channelId, isDm: false, ...extra });
const discord = (channelId: string, guildId: string, extra: Partial<Place> = {}): Place => ({ platform: "discord", channelId, guildId, isDm: false, ...extra });

describe("document sets file", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("reads citebot.yaml from the working directory", async () => {
    const dir = await makeTempDir("sets");
    cleanups.push(dir.remove);
    await writeFiles(dir.path, { "citebot.yaml": YAML });
    const loaded = await loadDocumentSets({ cwd: dir.path });
    expect(loaded?.file).toBe(path.join(dir.path, "citebot.yaml"));
    expect(Object.keys(loaded?.settings.documentSets ?? {})).toEqual(["handbook", "engineering", "support"]);
  });

  it("reads citebot.json, and none at all means no sets", async () => {
    const dir = await makeTempDir("sets");
    cleanups.push(dir.remove);
    expect(await loadDocumentSets({ cwd: dir.path })).toBeUndefined();
    await writeFiles(dir.path, { "citebot.json": JSON.stringify({ documentSets: { all: { include: ["**"] } } }) });
    expect((await loadDocumentSets({ cwd: dir.path }))?.settings.default).toBe("all");
  });

  it("names DOCUMENT_SETS_FILE when the file it names is missing", async () => {
    await expect(loadDocumentSets({ file: "/nonexistent/sets.yaml" })).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid, message: expect.stringMatching(/^DOCUMENT_SETS_FILE: cannot read \/nonexistent\/sets\.yaml \(ENOENT\)/) });
  });

  it("names the file and the field of a set that does not exist", () => {
    const text = YAML.replace("set: support", "set: suport");
    expect(() => parseDocumentSets(text, "/srv/citebot.yaml")).toThrow('/srv/citebot.yaml: invalid document sets:\n  places[1].set: no document set named "suport" (sets: handbook, engineering, support, all)');
  });

  it("names each bad field in one error", () => {
    const text = `documentSets:\n  handbook:\n    include: []\n    pubilc: true\nplaces:\n  - slackChannel: C1\n    discordGuild: "123456"\n    set: handbook\n`;
    let message = "";
    try {
      parseDocumentSets(text, "citebot.yaml");
    } catch (error) {
      expect(error).toMatchObject({ code: ErrorCode.ConfigInvalid });
      message = (error as Error).message;
    }
    expect(message).toContain("citebot.yaml: invalid document sets:");
    expect(message).toContain("documentSets.handbook.include: must list at least one glob");
    expect(message).toContain('documentSets.handbook: Unrecognized key: "pubilc"');
    expect(message).toContain("places[0]: must name exactly one of slackChannel, discordChannel, discordGuild, dm");
  });

  it("refuses an unquoted Discord id that YAML has already rounded", () => {
    expect(() => parseDocumentSets(`documentSets:\n  a:\n    include: ["**"]\nplaces:\n  - discordGuild: 112233445566778899\n    set: a\n`, "citebot.yaml")).toThrow(/places\[0\]\.discordGuild: is too long for a YAML number: quote the Discord id/);
  });

  it("says where YAML that does not parse goes wrong", () => {
    expect(() => parseDocumentSets("documentSets:\n  a: [\n", "citebot.yaml")).toThrow(/^citebot\.yaml: not valid YAML: /);
  });

  it("refuses public-sets-only when no set is public", () => {
    expect(() => parseDocumentSets(`documentSets:\n  a:\n    include: ["**"]\npublicChannels: public-sets-only\n`, "citebot.yaml")).toThrow(/publicChannels: is public-sets-only but no document set has public: true/);
  });
});

describe("document set resolver", () => {
  const resolve = createDocumentSetResolver(parseDocumentSets(YAML, "citebot.yaml"));

  it("gives a listed Slack channel its set", () => {
    const set = resolve(slack("C0ENG"));
    expect(set.name).toBe("engineering");
    expect(["eng/deploy.md", "handbook/leave.md", "eng/secrets/keys.md", "support/faq.md"].map(set.allowSource)).toEqual([true, true, false, false]);
  });

  it("gives an unlisted place the default set", () => {
    const set = resolve(slack("C0OTHER"));
    expect(set.name).toBe("handbook");
    expect(["handbook/leave.md", "eng/deploy.md"].map(set.allowSource)).toEqual([true, false]);
  });

  it("prefers a Discord channel over its server, and a thread follows its parent channel", () => {
    expect(resolve(discord("998877665544332211", "112233445566778899")).name).toBe("engineering");
    expect(resolve(discord("555", "112233445566778899")).name).toBe("support");
    expect(resolve(discord("thread-1", "112233445566778899", { parentChannelId: "998877665544332211" })).name).toBe("engineering");
    expect(resolve(discord("555", "000")).name).toBe("handbook");
  });

  it("uses the dm entry for direct messages on that platform only", () => {
    expect(resolve({ platform: "slack", channelId: "D0123", isDm: true }).name).toBe("engineering");
    expect(resolve({ platform: "discord", channelId: "777", isDm: true }).name).toBe("handbook");
  });

  it("matches globs against whole corpus-relative paths", () => {
    const set = resolve(discord("555", "112233445566778899"));
    expect(["support/faq.md", "support/deep/faq.md", "faq.md"].map(set.allowSource)).toEqual([true, false, false]);
  });

  it("answers every document everywhere without a settings file", () => {
    const set = createDocumentSetResolver(undefined)(slack("C1"));
    expect(set.name).toBe("all");
    expect(set.allowSource("anything/at/all.md")).toBe(true);
  });

  it("keeps public channels to public documents when asked to, private channels and DMs untouched", () => {
    const strict = createDocumentSetResolver(parseDocumentSets(`${YAML}publicChannels: public-sets-only\n`, "citebot.yaml"));
    const inPublic = strict(slack("C0ENG", { isPublic: true }));
    expect(inPublic.name).toBe("engineering (public documents only)");
    expect(["handbook/leave.md", "eng/deploy.md"].map(inPublic.allowSource)).toEqual([true, false]);
    // Unknown visibility is treated as public: the safe side.
    expect(strict(slack("C0ENG")).allowSource("eng/deploy.md")).toBe(false);
    expect(strict(slack("C0ENG", { isPublic: false })).allowSource("eng/deploy.md")).toBe(true);
    expect(strict({ platform: "slack", channelId: "D1", isDm: true }).allowSource("eng/deploy.md")).toBe(true);
    expect(strict(slack("C0OTHER", { isPublic: true })).name).toBe("handbook");
  });

  it("counts each set's documents, so a glob that matches nothing shows", () => {
    const counts = documentsPerSet(parseDocumentSets(YAML, "citebot.yaml"), ["handbook/a.md", "eng/b.md", "eng/secrets/c.md"]);
    expect(Object.fromEntries(counts)).toEqual({ handbook: 1, engineering: 2, support: 0 });
  });
});
