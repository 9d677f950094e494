import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/engine/answer.js";
import { engineOptions } from "../../src/app.js";
import { createEngine } from "../../src/engine/engine.js";
import { UseLiteEmbeddings } from "../../src/index/embedder.js";
import { openIndex } from "../../src/index/store.js";
import { parseDocumentSets } from "../../src/knowledge/document-sets/load.js";
import { createDocumentSetResolver, type Place } from "../../src/knowledge/document-sets/resolve.js";
import { loadQuestionSet } from "../../eval/harness/question-set.js";
import { DEFAULTS, REAL_INDEX_TIMEOUT_MS, REPO_ROOT, buildRealIndex } from "../helpers/real-corpus.js";
import { makeTempDir } from "../helpers/temp-dir.js";

// The shipped corpus split in two: a public set about web frameworks, and a private set of case studies.
const SETS = parseDocumentSets(
  `
documentSets:
  frameworks:
    include: ["when-not-to-use-a-web-framework.*", "lightning-fast-backends.md"]
    public: true
  case-studies:
    include: ["backend-framework-case-studies.md", "how-scalable-is-django.md"]
places:
  - slackChannel: C0CASES
    set: case-studies
  - discordGuild: "112233445566778899"
    set: case-studies
default: frameworks
publicChannels: public-sets-only
`,
  "citebot.yaml",
);
const resolve = createDocumentSetResolver(SETS);

let engine: Engine;
let questions: string[];
let removeIndex: () => Promise<void>;

beforeAll(async () => {
  const dir = await makeTempDir("sets-index");
  removeIndex = dir.remove;
  const embeddings = new UseLiteEmbeddings();
  await buildRealIndex(dir.path, embeddings);
  engine = createEngine({ index: await openIndex(dir.path, embeddings, { efSearch: DEFAULTS.HNSW_EF_SEARCH }), embeddings }, engineOptions(DEFAULTS));
  const set = await loadQuestionSet(`${REPO_ROOT}eval/sets/shipped.dev.json`);
  questions = set.questions.map((question) => question.question);
}, REAL_INDEX_TIMEOUT_MS);

afterAll(() => removeIndex());

/** Every source any answer cited, over every question, asked in `place`. */
async function citedSourcesIn(place: Place | undefined): Promise<{ sources: Set<string>; grounded: number }> {
  const allowSource = place ? resolve(place).allowSource : undefined;
  const sources = new Set<string>();
  let grounded = 0;
  for (const question of questions) {
    const answer = await engine.answer(question, { extractiveOnly: true, ...(allowSource ? { allowSource } : {}) });
    if (answer.grounded) grounded += 1;
    for (const citation of answer.citations) sources.add(citation.source);
  }
  return { sources, grounded };
}

describe("per-channel document sets with the real engine", () => {
  it("cites every document when nothing is scoped (the questions reach both sets)", async () => {
    const { sources } = await citedSourcesIn(undefined);
    expect([...sources].sort()).toEqual(["backend-framework-case-studies.md", "how-scalable-is-django.md", "lightning-fast-backends.md", "when-not-to-use-a-web-framework.md"]);
  }, 120_000);

  it("never cites outside the case studies in a channel scoped to them, over every question", async () => {
    const { sources, grounded } = await citedSourcesIn({ platform: "slack", channelId: "C0CASES", isDm: false, isPublic: false });
    expect([...sources].sort()).toEqual(["backend-framework-case-studies.md", "how-scalable-is-django.md"]);
    expect(grounded).toBeGreaterThan(10);
  }, 120_000);

  it("never cites the private case studies in a public channel, whatever set it is given", async () => {
    const { sources, grounded } = await citedSourcesIn({ platform: "discord", channelId: "555", guildId: "112233445566778899", isDm: false, isPublic: true });
    // The server's set is private and the channel public: nothing may be cited, so every question is refused.
    expect({ sources: [...sources], grounded }).toEqual({ sources: [], grounded: 0 });
    const unlisted = await citedSourcesIn({ platform: "slack", channelId: "C0PUBLIC", isDm: false, isPublic: true });
    expect([...unlisted.sources].every((source) => source === "lightning-fast-backends.md" || source.startsWith("when-not-to-use-a-web-framework."))).toBe(true);
    expect(unlisted.grounded).toBeGreaterThan(10);
  }, 240_000);
});
