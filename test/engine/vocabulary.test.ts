import { describe, expect, it } from "vitest";
import { buildVocabulary, looksLikeName, type Vocabulary } from "../../src/engine/vocabulary.js";
import { chunksOf } from "../helpers/chunks.js";

/** The vocabulary of one small document made of these paragraphs. */
const vocabularyOf = (...paragraphs: string[]): Vocabulary => buildVocabulary(chunksOf({ "notes.md": `# Notes\n\n${paragraphs.join("\n\n")}` }));

describe("Vocabulary.count", () => {
  const vocabulary = vocabularyOf("Django servers are stateless. Add servers behind a load balancer.");

  it("counts a word's occurrences whatever its case", () => {
    expect([vocabulary.count("servers"), vocabulary.count("SERVERS")]).toEqual([2, 2]);
  });

  it("knows a word the corpus has only in another inflection", () => {
    expect(vocabulary.count("server")).toBeGreaterThan(0);
  });

  it("gives 0 for a word the corpus never uses", () => {
    expect(vocabulary.count("bread")).toBe(0);
  });
});

describe("Vocabulary.correct typos", () => {
  const vocabulary = vocabularyOf("The scalability of Django comes from stateless servers.", "Teams scaled Django with a cache.");

  it("corrects a word one edit away to the corpus word (scalabilty → scalability)", () => {
    expect(vocabulary.correct("scalabilty")).toBe("scalability");
  });

  it("corrects swapped letters (djnago → django)", () => {
    expect(vocabulary.correct("djnago")).toBe("django");
  });

  it("corrects a long word two edits away", () => {
    expect(vocabulary.correct("scallabilty")).toBe("scalability");
  });

  it("never corrects a word the corpus uses", () => {
    expect(vocabulary.correct("scaled")).toBeUndefined();
  });

  it("never corrects an everyday English word, even one edit from a corpus word (scared ≠ scaled)", () => {
    expect(vocabulary.correct("scared")).toBeUndefined();
  });

  it("leaves a word far from every corpus word alone", () => {
    expect(vocabulary.correct("zyxwvut")).toBeUndefined();
  });
});

describe("Vocabulary.correct short forms", () => {
  it("expands k8s when the corpus writes Kubernetes", () => {
    expect(vocabularyOf("We deploy every service to Kubernetes.").correct("k8s")).toBe("kubernetes");
  });

  it("leaves k8s alone when the corpus never mentions Kubernetes", () => {
    expect(vocabularyOf("We deploy every service to bare metal.").correct("k8s")).toBeUndefined();
  });

  it("leaves a short form alone when the corpus uses it too", () => {
    expect(vocabularyOf("We run k8s clusters. Kubernetes upgrades are quarterly.").correct("k8s")).toBeUndefined();
  });

  it("expands postgres when the corpus writes PostgreSQL", () => {
    expect(vocabularyOf("Orders live in our PostgreSQL database.").correct("postgres")).toBe("postgresql");
  });

  it("completes a clipped corpus word (postgre → postgresql)", () => {
    expect(vocabularyOf("Orders live in our PostgreSQL database.").correct("postgre")).toBe("postgresql");
  });

  it("expands an acronym of a capitalised phrase the corpus uses", () => {
    expect(vocabularyOf("We measure our Time To First Byte on every deploy.").correct("ttfb")).toBe("time to first byte");
  });

  it("drops a possessive to reach the corpus word (uber's → uber)", () => {
    expect(vocabularyOf("Teams at Uber moved to Go.").correct("uber's")).toBe("uber");
  });

  it("splits a run-together word the corpus writes as two (nodejs → node js for Node.js)", () => {
    expect(vocabularyOf("Uber moved from Node.js to Go.").correct("nodejs")).toBe("node js");
  });

  it("splits a run-together word the corpus has once, when it writes the pair more (NodeJS beside Node.js)", () => {
    const vocabulary = vocabularyOf("Uber moved from Node.js to Go.", "Node.js served them well.", "Some call it NodeJS.");
    expect([vocabulary.correct("nodejs"), vocabulary.correct("nodjs")]).toEqual(["node js", "node js"]);
  });

  it("spells out an acronym the corpus spells out, even a software one (mttr → mean time to recovery)", () => {
    expect(vocabularyOf("- **Mean Time to Recovery**: under 10 minutes").correct("mttr")).toBe("mean time to recovery");
  });

  it("leaves a run-together word the corpus writes often as it is", () => {
    const vocabulary = vocabularyOf("NodeJS runs here.", "NodeJS scales.", "NodeJS is fast.", "NodeJS again. Also Node.js once.");
    expect(vocabulary.correct("nodejs")).toBeUndefined();
  });
});

describe("Vocabulary.isName", () => {
  it("takes a word the corpus capitalises mid-sentence for a name", () => {
    expect(vocabularyOf("We deploy to Kubernetes daily. Our jobs run on Kubernetes too.").isName("kubernetes")).toBe(true);
  });

  it("does not take a word the corpus writes in lower case for a name", () => {
    expect(vocabularyOf("We shard the database. Every database has a replica.").isName("database")).toBe(false);
  });

  it("takes an everyday word the corpus capitalises (Go) for a name only when the asker capitalises it too", () => {
    const vocabulary = vocabularyOf("Teams at Uber moved to Go. Later they wrote Go everywhere.");
    expect([vocabulary.isName("go"), vocabulary.isName("go", true)]).toEqual([false, true]);
  });

  it("takes an everyday word for a name when the corpus always capitalises it", () => {
    expect(vocabularyOf("Teams at Uber moved to Go. Later they wrote Go everywhere. Everyone at Uber liked Go.").isName("go")).toBe(true);
  });

  it("does not count the Title Case of headings and labels", () => {
    const vocabulary = buildVocabulary(chunksOf({ "notes.md": "# Notes\n\n## Load Balancer Setup\n\nWe put one in front.\n\n**Load Balancer Choice**\n\nWe like it." }));
    expect(vocabulary.isName("balancer")).toBe(false);
  });

  it("does not take a word capitalised only because it opens sentences for a name", () => {
    expect(vocabularyOf("Caching helps. Caching is cheap.").isName("caching")).toBe(false);
  });
});

describe("looksLikeName", () => {
  it("takes a word that is no English word for a name (shopify)", () => {
    expect(looksLikeName("shopify")).toBe(true);
  });

  it("does not take an English word for a name", () => {
    expect(looksLikeName("bread")).toBe(false);
  });

  it("does not take a software team's everyday word for a name (serverless)", () => {
    expect(looksLikeName("serverless")).toBe(false);
  });

  it("does not take a misspelt everyday word for a name (garbadge)", () => {
    expect(looksLikeName("garbadge")).toBe(false);
  });

  it("does not take a short word or one with digits for a name", () => {
    expect([looksLikeName("xyz"), looksLikeName("s3fs")]).toEqual([false, false]);
  });
});
