export interface LatencyPoint {
  size: number;
  p50: number;
  p99: number;
}

export interface LatencySeries {
  name: string;
  color: string;
  points: LatencyPoint[];
}

export interface ChartOptions {
  title: string;
  width?: number;
  height?: number;
}

const MARGIN = { left: 70, right: 20, top: 40, bottom: 90 };

/**
 * Query latency against index size, both axes logarithmic: p50 as a solid line with dots, p99 dashed.
 * Self-contained SVG (no fonts or scripts to load), so the README can show it straight from the repo.
 */
export function latencyChartSvg(series: readonly LatencySeries[], options: ChartOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const points = series.flatMap((line) => line.points).filter((point) => point.size > 0 && point.p50 > 0);
  if (points.length === 0) return emptyChart(width, height, options.title);
  const sizes = points.map((point) => point.size);
  const values = points.flatMap((point) => [point.p50, point.p99].filter((value) => value > 0));
  const xMin = Math.log10(Math.min(...sizes)) - 0.1;
  const xMax = Math.log10(Math.max(...sizes)) + 0.1;
  const yMin = Math.floor(Math.log10(Math.min(...values)));
  const yMax = Math.ceil(Math.log10(Math.max(...values)));
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const x = (size: number) => MARGIN.left + ((Math.log10(size) - xMin) / Math.max(1e-9, xMax - xMin)) * plotWidth;
  const y = (value: number) => MARGIN.top + plotHeight - ((Math.log10(value) - yMin) / Math.max(1e-9, yMax - yMin)) * plotHeight;
  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(text(width / 2, 22, options.title, { anchor: "middle", size: 15, weight: "bold" }));
  for (let decade = yMin; decade <= yMax; decade++) {
    const value = 10 ** decade;
    parts.push(`<line x1="${MARGIN.left}" y1="${fixed(y(value))}" x2="${width - MARGIN.right}" y2="${fixed(y(value))}" stroke="#e5e5e5"/>`);
    parts.push(text(MARGIN.left - 8, y(value) + 4, formatMs(value), { anchor: "end", size: 11 }));
  }
  for (const size of [...new Set(sizes)].sort((a, b) => a - b)) {
    parts.push(`<line x1="${fixed(x(size))}" y1="${MARGIN.top}" x2="${fixed(x(size))}" y2="${MARGIN.top + plotHeight}" stroke="#f0f0f0"/>`);
    parts.push(text(x(size), MARGIN.top + plotHeight + 18, formatSize(size), { anchor: "middle", size: 11 }));
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`);
  parts.push(text(MARGIN.left + plotWidth / 2, MARGIN.top + plotHeight + 38, "vectors in the index (log scale)", { anchor: "middle", size: 12 }));
  parts.push(text(16, MARGIN.top + plotHeight / 2, "query latency (log scale)", { anchor: "middle", size: 12, rotate: true }));
  series.forEach((line, i) => {
    const sorted = [...line.points].filter((point) => point.size > 0 && point.p50 > 0).sort((a, b) => a.size - b.size);
    const path = (pick: (point: LatencyPoint) => number) =>
      sorted
        .filter((point) => pick(point) > 0)
        .map((point, j) => `${j === 0 ? "M" : "L"}${fixed(x(point.size))},${fixed(y(pick(point)))}`)
        .join(" ");
    parts.push(`<path d="${path((point) => point.p99)}" fill="none" stroke="${line.color}" stroke-width="1.5" stroke-dasharray="5 4" opacity="0.7"/>`);
    parts.push(`<path d="${path((point) => point.p50)}" fill="none" stroke="${line.color}" stroke-width="2.5"/>`);
    for (const point of sorted) parts.push(`<circle cx="${fixed(x(point.size))}" cy="${fixed(y(point.p50))}" r="3.5" fill="${line.color}"/>`);
    const legendY = height - 24;
    const legendX = MARGIN.left + i * (plotWidth / Math.max(1, series.length));
    parts.push(`<line x1="${legendX}" y1="${legendY - 4}" x2="${legendX + 22}" y2="${legendY - 4}" stroke="${line.color}" stroke-width="2.5"/>`);
    parts.push(text(legendX + 28, legendY, line.name, { size: 11 }));
  });
  parts.push(text(width - MARGIN.right, height - 6, "solid: p50 · dashed: p99", { anchor: "end", size: 10, color: "#666" }));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">\n${parts.join("\n")}\n</svg>\n`;
}

function emptyChart(width: number, height: number, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">\n${text(width / 2, height / 2, `${title}: no data`, { anchor: "middle", size: 14 })}\n</svg>\n`;
}

function text(x: number, y: number, content: string, style: { anchor?: "start" | "middle" | "end"; size: number; weight?: string; color?: string; rotate?: boolean }): string {
  const transform = style.rotate ? ` transform="rotate(-90 ${fixed(x)} ${fixed(y)})"` : "";
  return `<text x="${fixed(x)}" y="${fixed(y)}" font-size="${style.size}" text-anchor="${style.anchor ?? "start"}"${style.weight ? ` font-weight="${style.weight}"` : ""} fill="${style.color ?? "#222"}"${transform}>${escapeXml(content)}</text>`;
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function fixed(value: number): string {
  return value.toFixed(1);
}

function formatMs(value: number): string {
  return value >= 1000 ? `${value / 1000} s` : `${Number(value.toPrecision(1))} ms`;
}

function formatSize(size: number): string {
  return size >= 1_000_000 ? `${size / 1_000_000}M` : size >= 1000 ? `${size / 1000}k` : String(size);
}
