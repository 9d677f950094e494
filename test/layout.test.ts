import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The folder tree tells the data flow (see the README's project layout): these checks keep it honest.

const ROOT = path.resolve(import.meta.dirname, "..");
const SRC = path.join(ROOT, "src");

/** Lower layers may be imported by higher ones, never the other way; cli/ and the root (app.ts, main.ts) share the top. */
const LAYERS = ["corpus", "index", "store", "engine", "chat", "knowledge", "adapters", "cli", "root"] as const;
/** store/ keeps state beside the index; knowledge/ reads the store and the engine, and the adapters post its reports. */
const RANK: Record<(typeof LAYERS)[number], number> = { corpus: 0, index: 1, store: 2, engine: 2, chat: 3, knowledge: 3, adapters: 4, cli: 5, root: 5 };
/** Modules every layer may use. */
const SHARED = new Set(["src/errors.ts", "src/logger.ts", "src/options.ts"]);
/** The only modules that read Config: the composition root, the settings themselves, and the entry points (the command line, a pool worker). */
const READS_CONFIG = /^src\/(app|config|main|engine-replica)\.ts$|^src\/cli\//;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : /\.(ts|js)$/.test(entry.name) ? [file] : [];
  });
}

/** Every relative module a file imports, statically or dynamically, as a repository path. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)].map((match) => match[1] as string);
  return specifiers.map((specifier) => path.relative(ROOT, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, ".ts"));
}

function layerOf(repoPath: string): (typeof LAYERS)[number] {
  const [, top] = repoPath.split("/");
  return (LAYERS as readonly string[]).includes(top ?? "") ? (top as (typeof LAYERS)[number]) : "root";
}

const files = sourceFiles(SRC).map((file) => ({ file: path.relative(ROOT, file), imports: importsOf(file) }));

describe("the source tree", () => {
  it("imports one way: adapters → chat → engine → index → corpus, with cli and the root on top", () => {
    const upward = files.flatMap(({ file, imports }) =>
      imports
        .filter((target) => target.startsWith("src/") && !SHARED.has(target) && target !== "src/config.ts")
        .filter((target) => RANK[layerOf(target)] > RANK[layerOf(file)])
        .map((target) => `${file} → ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it("holds only what ships: nothing in src/ imports bench/, eval/, scripts/ or test/", () => {
    const outside = files.flatMap(({ file, imports }) => imports.filter((target) => !target.startsWith("src/")).map((target) => `${file} → ${target}`));
    expect(outside).toEqual([]);
  });

  it("reads Config only in app.ts, config.ts and the command-line entry points", () => {
    const readers = files.filter(({ imports }) => imports.includes("src/config.ts")).map(({ file }) => file);
    expect(readers.filter((file) => !READS_CONFIG.test(file))).toEqual([]);
  });

  it("keeps platform syntax in the adapters: the conversation and the engine never name Slack or Discord markup", () => {
    const leaks = files
      .filter(({ file }) => /^src\/(chat|engine)\//.test(file))
      .filter(({ file }) => /<@!?|<#|<!(channel|here|everyone)|mrkdwn|discord\.js|@slack\//.test(fs.readFileSync(path.join(ROOT, file), "utf8")))
      .map(({ file }) => file);
    expect(leaks).toEqual([]);
  });
});
