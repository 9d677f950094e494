/** A plain-text table with right-aligned numeric-looking cells, for the terminal. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, c) => Math.max(header.length, ...rows.map((row) => (row[c] ?? "").length)));
  const numeric = /^[-+]?[\d.,]+\s*(ms|s|MB|%|×)?$/;
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (numeric.test(cell) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join("  ").trimEnd();
  return [line(headers), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

/** The same table as GitHub Markdown. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  return [`| ${headers.map(escape).join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`)].join("\n");
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 1) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(3)} ms`;
}

export function ratio(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)}×`;
}

export function percent(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : "n/a";
}

export function mb(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(value >= 100 ? 0 : 1)} MB` : "n/a";
}
