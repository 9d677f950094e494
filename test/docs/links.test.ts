import fs from "node:fs";
import path from "node:path";
import GithubSlugger from "github-slugger";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const pages = ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];

/** The anchors GitHub gives a page: one per heading (slugged as GitHub does, repeats numbered) and each `<a id>`. */
function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, "");
  const headings = [...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slugger.slug((match[1] ?? "").replace(/`/g, "")));
  const ids = [...markdown.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1] ?? "");
  return new Set([...headings, ...ids]);
}

/** Relative links in a page, outside code blocks: `[text](target)` with no scheme. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "").filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe("the documentation's links", () => {
  it("finds the pages and their links", () => {
    expect(pages).toEqual(expect.arrayContaining(["README.md", "docs/settings.md", "docs/troubleshooting.md"]));
  });

  it.each(pages)("%s links only to files and headings that exist", (page) => {
    const broken: string[] = [];
    for (const target of relativeLinks(fs.readFileSync(path.join(root, page), "utf8"))) {
      const [file = "", anchor] = target.split("#");
      const resolved = file === "" ? path.join(root, page) : path.resolve(path.dirname(path.join(root, page)), file);
      if (!fs.existsSync(resolved)) {
        broken.push(target);
        continue;
      }
      if (anchor && resolved.endsWith(".md") && !anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});
