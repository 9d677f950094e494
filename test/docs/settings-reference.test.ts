import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config.js";

const schemaKeys = Object.keys(ConfigSchema.shape).sort();
const schemaDefaults: Record<string, unknown> = ConfigSchema.parse({});

const read = (relative: string) => fs.readFileSync(new URL(relative, import.meta.url), "utf8");

/** The rows of docs/settings.md's tables: `| \`NAME\` | default | what it does |`. */
function referenceRows(markdown: string): Array<{ name: string; defaultCell: string }> {
  return markdown
    .split("\n")
    .map((line) => /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|([^|]*)\|/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ name: match[1] ?? "", defaultCell: (match[2] ?? "").trim() }));
}

/** How the reference shows a schema default: `value` in backticks, or — when there is none. */
function shownDefault(value: unknown): string {
  const none = value === undefined || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
  return none ? "—" : `\`${String(value)}\``;
}

describe("the settings reference", () => {
  const rows = referenceRows(read("../../docs/settings.md"));
  const reference = new Map(rows.map(({ name, defaultCell }) => [name, defaultCell]));
  const envExample = new Set(
    read("../../.env.example")
      .split("\n")
      .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => Boolean(name)),
  );

  it("finds the schema's settings to check", () => {
    expect(schemaKeys.length).toBeGreaterThan(40);
    expect(reference.size).toBeGreaterThan(40);
  });

  it("lists each setting once in docs/settings.md", () => {
    expect(rows.map(({ name }) => name).filter((name, i, names) => names.indexOf(name) !== i)).toEqual([]);
  });

  it("documents every setting of the schema in docs/settings.md", () => {
    expect(schemaKeys.filter((name) => !reference.has(name))).toEqual([]);
  });

  it("lists no setting in docs/settings.md that the schema no longer has", () => {
    expect([...reference.keys()].filter((name) => !schemaKeys.includes(name))).toEqual([]);
  });

  it("documents every setting of the schema in .env.example", () => {
    expect(schemaKeys.filter((name) => !envExample.has(name))).toEqual([]);
  });

  it("lists no setting in .env.example that the schema no longer has", () => {
    expect([...envExample].filter((name) => !schemaKeys.includes(name))).toEqual([]);
  });

  it("shows each setting's default as the schema has it", () => {
    const wrong = schemaKeys
      .filter((name) => reference.has(name))
      .map((name) => ({ name, documented: reference.get(name), schema: shownDefault(schemaDefaults[name]) }))
      .filter(({ documented, schema }) => documented !== schema);
    expect(wrong).toEqual([]);
  });
});
