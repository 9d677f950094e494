import { describe, expect, it } from "vitest";
import { unitsOf } from "../../src/corpus/chunk.js";
import type { Unit } from "../../src/corpus/document.js";
import { markdownToBlocks } from "../../src/corpus/load-markdown.js";

const units = (markdown: string): Unit[] => unitsOf(markdownToBlocks(markdown));
const unitWith = (all: Unit[], text: string): Unit | undefined => all.find((unit) => unit.text === text);
const leadInOf = (all: Unit[], text: string): string | undefined => {
  const leadIn = unitWith(all, text)?.leadIn;
  return leadIn === undefined ? undefined : all[leadIn]?.text;
};

describe("unitsOf paragraphs", () => {
  it("makes each sentence of a paragraph a unit of that paragraph's block", () => {
    expect(units("Django scales. Rails scales too.\n\nGo is fast.")).toEqual([
      { kind: "sentence", text: "Django scales.", block: 0 },
      { kind: "sentence", text: "Rails scales too.", block: 0 },
      { kind: "sentence", text: "Go is fast.", block: 1 },
    ]);
  });

  it("keeps a sentence with “e.g.” in it as one unit", () => {
    expect(units("Use a cache, e.g. Redis, for sessions.").map((unit) => unit.text)).toEqual(["Use a cache, e.g. Redis, for sessions."]);
  });

  it("reads a sentence starting “As a result” after the sentence before it", () => {
    expect(leadInOf(units("Django caches rendered pages. As a result, the database rests."), "As a result, the database rests.")).toBe("Django caches rendered pages.");
  });

  it("reads a sentence starting “This” after the sentence before it", () => {
    expect(leadInOf(units("Instagram shards its database. This keeps writes fast."), "This keeps writes fast.")).toBe("Instagram shards its database.");
  });

  it("reads a paragraph opening with “This” after the previous paragraph's last sentence", () => {
    expect(leadInOf(units("Django is slow to start. It loads every app.\n\nThis matters for serverless."), "This matters for serverless.")).toBe("It loads every app.");
  });

  it("reads a sentence that leans on nothing on its own", () => {
    expect(unitWith(units("Django scales. Thistles grow in Scotland."), "Thistles grow in Scotland.")?.leadIn).toBeUndefined();
  });

  it("makes a bold-only paragraph a label unit", () => {
    expect(units("**Why Django?**")).toEqual([{ kind: "label", text: "Why Django?", block: 0 }]);
  });
});

describe("unitsOf lists", () => {
  const list = units("Sites built with Django:\n\n- Instagram\n- Pinterest\n  - Its search\n- Disqus");

  it("puts a list unit, its items read together, before the items", () => {
    expect(list.slice(1, 3).map((unit) => [unit.kind, unit.text])).toEqual([
      ["list", "Instagram; Pinterest; Its search; Disqus"],
      ["item", "Instagram"],
    ]);
  });

  it("makes each item a unit with its nesting depth", () => {
    expect(list.filter((unit) => unit.kind === "item").map((unit) => [unit.text, unit.depth])).toEqual([
      ["Instagram", 0],
      ["Pinterest", 0],
      ["Its search", 1],
      ["Disqus", 0],
    ]);
  });

  it("reads a top-level item after the sentence that introduces the list", () => {
    expect(leadInOf(list, "Disqus")).toBe("Sites built with Django:");
  });

  it("reads a nested item after the item it is nested in", () => {
    expect(leadInOf(list, "Its search")).toBe("Pinterest");
  });

  it("reads the list unit after the sentence that introduces it", () => {
    expect(leadInOf(list, "Instagram; Pinterest; Its search; Disqus")).toBe("Sites built with Django:");
  });

  it("reads items after the label that introduces them", () => {
    expect(leadInOf(units("**Technology Stack:**\n\n- Spring Boot\n- Eureka"), "Eureka")).toBe("Technology Stack:");
  });

  it("gives no list unit to a list of one item", () => {
    expect(units("- Only item").map((unit) => unit.kind)).toEqual(["item"]);
  });

  it("drops the final full stop or semicolon of each item from the list unit", () => {
    expect(units("- Cache pages.\n- Queue jobs;")[0]?.text).toBe("Cache pages; Queue jobs");
  });

  it("numbers the top-level items of an ordered list, not the nested ones", () => {
    expect(units("1. Install\n   - with flags\n2. Run").filter((unit) => unit.kind === "item").map((unit) => [unit.text, unit.ordinal])).toEqual([
      ["Install", 1],
      ["with flags", undefined],
      ["Run", 2],
    ]);
  });
});

describe("unitsOf tables", () => {
  it("makes each row a unit read with its header", () => {
    expect(units("| Company | Users |\n| --- | --- |\n| Discord | 150M |\n| Uber | 2M |").map((unit) => [unit.kind, unit.text])).toEqual([
      ["row", "Company: Discord; Users: 150M"],
      ["row", "Company: Uber; Users: 2M"],
    ]);
  });

  it("leaves an empty cell out of its row", () => {
    expect(units("| Company | Users |\n| --- | --- |\n|  | 2M |")[0]?.text).toBe("Users: 2M");
  });

  it("joins a row's cells with bars when the header is empty", () => {
    expect(unitsOf([{ kind: "table", header: ["", ""], rows: [["Discord", "150M"]] }])[0]?.text).toBe("Discord | 150M");
  });

  it("reads each row after the sentence that introduces the table", () => {
    expect(leadInOf(units("Our numbers:\n\n| Company | Users |\n| --- | --- |\n| Discord | 150M |"), "Company: Discord; Users: 150M")).toBe("Our numbers:");
  });
});

describe("unitsOf code", () => {
  const code = units("Install it:\n\n```bash\nnpm ci. Then run.\nnpm start\n```");

  it("keeps a code block as one code unit with its language, never as sentences", () => {
    expect(code.slice(1)).toEqual([{ kind: "code", text: "npm ci. Then run.\nnpm start", block: 1, lang: "bash", leadIn: 0 }]);
  });

  it("reads a code block after the sentence that introduces it", () => {
    expect(leadInOf(code, "npm ci. Then run.\nnpm start")).toBe("Install it:");
  });
});
