import { describe, expect, it } from "vitest";
import { analyseQuestion, type QuestionKind } from "../../src/engine/question.js";
import { buildVocabulary } from "../../src/engine/vocabulary.js";
import { stem } from "../../src/index/terms.js";
import { chunksOf } from "../helpers/chunks.js";

const NOTES = `# Backend Notes

## Scaling Django

Instagram scaled Django to millions of users. The scalability of Django comes from stateless app servers. Pinterest also runs Django, and Disqus runs Django too.

## Kubernetes

We deploy every service to Kubernetes. Our services restart when Kubernetes sees a failed pod. Services talk to the PostgreSQL database outside Kubernetes.

## Uber

Uber moved its dispatch services from Node.js to Go. Node.js struggled with CPU-bound work at Uber. Later Uber ran Go everywhere. Teams at Uber liked Go.

## Real-time

Discord uses Elixir for real-time messaging. Teams at Discord run Elixir on the BEAM.
`;

const vocabulary = buildVocabulary(chunksOf({ "notes.md": NOTES }));
const read = (question: string) => analyseQuestion(question, vocabulary);

describe("analyseQuestion corrections", () => {
  it("replaces a typo with the corpus word and reports it", () => {
    const question = read("How does Django handle scalabilty?");
    expect({ text: question.text, corrections: question.corrections }).toEqual({ text: "How does Django handle scalability?", corrections: [{ from: "scalabilty", to: "scalability" }] });
  });

  it("never corrects a word the corpus uses", () => {
    expect(read("which service restarts a pod?").corrections).toEqual([]);
  });

  it("never corrects everyday English words", () => {
    expect(read("we are scared our dispatch will cope badly with huge load").corrections).toEqual([]);
  });

  it("spells a short form as the corpus does (k8s → kubernetes, postgres → postgresql)", () => {
    expect([read("how do we deploy to k8s?").text, read("does postgres run in the cluster?").text]).toEqual(["how do we deploy to kubernetes?", "does postgresql run in the cluster?"]);
  });

  it("reads a possessive as the corpus word (uber's → uber)", () => {
    const question = read("did uber's move to go help?");
    expect({ corrections: question.corrections, named: question.names.includes("uber") }).toEqual({ corrections: [{ from: "uber's", to: "uber" }], named: true });
  });

  it("splits a run-together name the corpus writes as two words (nodejs → node js)", () => {
    expect(read("does nodejs handle CPU work?").text).toBe("does node js handle CPU work?");
  });

  it("leaves the parts of a dotted name as written", () => {
    expect(read("why did Uber leave Node.js?")).toMatchObject({ text: "why did Uber leave Node.js?", corrections: [] });
  });

  it("keeps “vs” as a comparison when the corpus has a phrase with those initials", () => {
    const withStore = buildVocabulary(chunksOf({ "notes.md": `${NOTES}\nSessions live in a Key-Value Store.\n` }));
    const question = analyseQuestion("Django vs Elixir?", withStore);
    expect({ text: question.text, compare: question.kinds.has("compare") }).toEqual({ text: "Django vs Elixir?", compare: true });
  });
});

describe("analyseQuestion names", () => {
  it("names the words the corpus capitalises as names", () => {
    expect(read("why did Uber move from Node.js to Kubernetes?").names).toEqual(expect.arrayContaining(["uber", "kubernetes"]));
  });

  it("does not name a word the corpus writes in lower case", () => {
    expect(read("does every service restart?").names).toEqual([]);
  });

  it("reports a word neither in the corpus nor in English as an unknown name (shopify)", () => {
    expect(read("how did Shopify scale Django?").unknownNames).toEqual(["shopify"]);
  });

  it("does not report an English word the corpus lacks as an unknown name", () => {
    expect(read("how do I bake bread?").unknownNames).toEqual([]);
  });

  it("does not report a corpus word as an unknown name", () => {
    expect(read("what does Disqus run?").unknownNames).toEqual([]);
  });

  it("gives the stemmed content terms of the corrected text", () => {
    expect(read("How does Django handle scalabilty?").terms).toEqual(["django", stem("handle"), stem("scalability")]);
  });
});

describe("analyseQuestion kinds", () => {
  const kinds = (question: string): QuestionKind[] => [...read(question).kinds];

  it("reads “why” as asking for reasons", () => {
    expect(kinds("why did Uber move to Go?")).toContain("why");
  });

  it("reads “how many” as asking for a number", () => {
    expect(kinds("how many users did Instagram have?")).toContain("how-much");
  });

  it("reads “which companies” as asking for a list", () => {
    expect(kinds("which companies run Django?")).toContain("which");
  });

  it("reads “how do I” as asking for steps", () => {
    expect(kinds("how do I deploy a service?")).toContain("how-to");
  });

  it("reads “what is” as asking for a definition", () => {
    expect(kinds("what is Kubernetes?")).toContain("definition");
  });

  it("reads “X or Y?” as a comparison", () => {
    expect(kinds("Django or Elixir for chat?")).toContain("compare");
  });

  it("gives a plain question none of the kinds it does not ask", () => {
    expect(kinds("why did Uber move to Go?")).toEqual(["why"]);
  });
});

describe("analyseQuestion decisions", () => {
  it.each([
    "ok to use Django for analytics?",
    "is Django a bad idea for games?",
    "is the migration worth it?",
    "should we use Elixir for chat?",
    "can we use Django for a game server?",
    "would you recommend Go for dispatch?",
    "what about page-based games, are those ok?",
  ])("takes “%s” for a decision", (question) => {
    expect(read(question).decision).toBe(true);
  });

  it.each(["how did Instagram scale Django?", "what is Kubernetes?", "why did Uber move to Go?", "how many services run on Kubernetes?", "what kinds of apps are a good fit for Django?", "which framework is the right choice for a chat app?"])("takes the factual “%s” for no decision", (question) => {
    expect(read(question).decision).toBe(false);
  });
});

describe("analyseQuestion parts", () => {
  it("splits two questions joined by “and”", () => {
    expect(read("What does Discord use and why did Uber move to Go?").parts).toEqual(["What does Discord use", "why did Uber move to Go?"]);
  });

  it("splits two questions in a row", () => {
    expect(read("How did Instagram scale? What about Uber?").parts).toEqual(["How did Instagram scale", "What about Uber?"]);
  });

  it("keeps a single question whole", () => {
    expect(read("How did Instagram scale Django to millions of users?").parts).toEqual(["How did Instagram scale Django to millions of users?"]);
  });

  it("keeps at most three parts", () => {
    expect(read("What is Go? Why Elixir? How big is Django? Which pod failed?").parts).toHaveLength(3);
  });
});
