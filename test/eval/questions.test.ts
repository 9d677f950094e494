import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors.js";
import { unknownSections } from "../../src/eval/check-expectations.js";
import { isOffTopic, loadQuestions, parseQuestions } from "../../src/eval/questions.js";

const QUESTIONS_FILE = fileURLToPath(new URL("../../eval/questions.json", import.meta.url));

async function writeTemp(text: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-questions-"));
  const file = path.join(dir, "questions.json");
  await fs.writeFile(file, text);
  return file;
}

describe("parseQuestions", () => {
  it("accepts on-topic and off-topic entries and defaults their tags", () => {
    const questions = parseQuestions([{ question: "Is Django scalable?", source: "how-scalable-is-django.md", section: "Existing Applications" }, { question: "Best pizza?", offTopic: true }], "q.json");
    expect(questions).toEqual([
      { question: "Is Django scalable?", source: "how-scalable-is-django.md", section: "Existing Applications", tags: [] },
      { question: "Best pizza?", offTopic: true, tags: [] },
    ]);
  });

  it("rejects an on-topic entry without a section, naming the file and the entry", () => {
    expect(() => parseQuestions([{ question: "Is Django scalable?", source: "how-scalable-is-django.md" }], "eval/questions.json")).toThrow(/eval\/questions\.json[\s\S]*\[0\]/);
  });

  it("rejects a misspelt key instead of silently ignoring the expectation", () => {
    expect(() => parseQuestions([{ question: "Is Django scalable?", source: "how-scalable-is-django.md", sectoin: "Existing" }], "q.json")).toThrow();
  });

  it("rejects a blank question", () => {
    expect(() => parseQuestions([{ question: "   ", offTopic: true }], "q.json")).toThrow();
  });

  it("rejects an empty list", () => {
    expect(() => parseQuestions([], "q.json")).toThrow(/at least one question/);
  });
});

describe("loadQuestions", () => {
  it("reports a file that is not JSON with a config_invalid error naming it", async () => {
    const file = await writeTemp("[{ question: oops }");
    await expect(loadQuestions(file)).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid, message: expect.stringContaining(file) });
    await fs.rm(path.dirname(file), { recursive: true, force: true });
  });

  it("reports a missing file with a config_invalid error naming it", async () => {
    await expect(loadQuestions("/nonexistent/questions.json")).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid, message: expect.stringContaining("/nonexistent/questions.json") });
  });
});

describe("the team's question set", () => {
  it("has at least 40 on-topic questions, at least half of them paraphrases", async () => {
    const onTopic = (await loadQuestions(QUESTIONS_FILE)).filter((question) => !isOffTopic(question));
    expect(onTopic.length).toBeGreaterThanOrEqual(40);
    expect(onTopic.filter((question) => question.tags.includes("paraphrase")).length).toBeGreaterThanOrEqual(onTopic.length / 2);
  });

  it("has at least 12 off-topic questions, some of them hostile", async () => {
    const offTopic = (await loadQuestions(QUESTIONS_FILE)).filter(isOffTopic);
    expect(offTopic.length).toBeGreaterThanOrEqual(12);
    expect(offTopic.some((question) => question.tags.includes("hostile"))).toBe(true);
  });

  it("asks each question once", async () => {
    const texts = (await loadQuestions(QUESTIONS_FILE)).map((question) => question.question.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe("unknownSections", () => {
  it("flags a question whose section no indexed heading path contains", () => {
    const topics = [{ title: "Django", url: "/d", sections: ["Django › Existing Applications Prove Scalability"] }];
    const questions = parseQuestions(
      [
        { question: "Which sites run Django?", source: "d.md", section: "existing applications" },
        { question: "Typo?", source: "d.md", section: "Existing Aplications" },
        { question: "Cake?", offTopic: true },
      ],
      "q.json",
    );
    expect(unknownSections(questions, topics).map((question) => question.question)).toEqual(["Typo?"]);
  });
});
