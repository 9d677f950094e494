import { describe, expect, it } from "vitest";
import { loadText } from "../../src/corpus/load-text.js";

describe("loadText", () => {
  it("takes a short first line as the title and makes it a heading", () => {
    const document = loadText("deploy.txt", "Deploy notes\n\nThe deploy runs nightly.\n");
    expect({ title: document.title, blocks: document.blocks }).toEqual({
      title: "Deploy notes",
      blocks: [
        { kind: "heading", depth: 1, text: "Deploy notes" },
        { kind: "paragraph", text: "The deploy runs nightly." },
      ],
    });
  });

  it("does not take a first line that ends a sentence as the title", () => {
    expect(loadText("deploy-notes.txt", "The deploy runs nightly.\nIt takes an hour.\n").title).toBe("Deploy notes");
  });

  it("derives the title from the file name for a single-line file", () => {
    expect(loadText("on-call.txt", "Page the on-call engineer").title).toBe("On call");
  });

  it("uses the source path as the url", () => {
    expect(loadText("ops/deploy.txt", "Deploy notes\n\nText.\n").url).toBe("ops/deploy.txt");
  });

  it("reflows hard-wrapped paragraph lines into one paragraph", () => {
    const raw = "Deploy notes\n\nThe deploy runs every night and it copies the\nbuild to the servers before the smoke tests run.\n";
    expect(loadText("deploy.txt", raw).blocks[1]).toEqual({ kind: "paragraph", text: "The deploy runs every night and it copies the build to the servers before the smoke tests run." });
  });

  it("parts paragraphs at blank lines, however many", () => {
    expect(loadText("a.txt", "One.\n\n\n\n\nTwo.\n").blocks).toEqual([
      { kind: "paragraph", text: "One." },
      { kind: "paragraph", text: "Two." },
    ]);
  });

  it("reads bulleted lines as a list, an indented bullet as nested", () => {
    expect(loadText("a.txt", "Do this:\n- build\n  - with tests\n* ship\n").blocks).toEqual([
      { kind: "paragraph", text: "Do this:" },
      { kind: "list", ordered: false, items: [{ text: "build", depth: 0 }, { text: "with tests", depth: 1 }, { text: "ship", depth: 0 }] },
    ]);
  });

  it("reads an underlined line as a heading", () => {
    expect(loadText("a.txt", "Intro words.\n\nSetup\n=====\nRun it.\n\nMore\n----\nDone.").blocks).toEqual([
      { kind: "paragraph", text: "Intro words." },
      { kind: "heading", depth: 1, text: "Setup" },
      { kind: "paragraph", text: "Run it." },
      { kind: "heading", depth: 2, text: "More" },
      { kind: "paragraph", text: "Done." },
    ]);
  });

  it("normalises Windows line endings and trailing spaces", () => {
    expect(loadText("a.txt", "Title\r\n\r\nFirst line.   \r\nSecond line.\r\n").blocks[1]).toEqual({ kind: "paragraph", text: "First line. Second line." });
  });

  it("repairs mojibake", () => {
    expect(loadText("a.txt", "itâ€™s 5 Î¼s fast.").blocks).toEqual([{ kind: "paragraph", text: "it’s 5 μs fast." }]);
  });
});
