import { describe, expect, it } from "vitest";
import { shingle } from "../../src/corpus/dedupe.js";
import { exactTopK } from "../../bench/exact-search.js";
import { latencyChartSvg } from "../../bench/latency-svg.js";
import { createRandom } from "../../bench/random.js";
import { recallAtK } from "../../bench/recall.js";
import { percentile, summarise } from "../../bench/stats.js";
import { clusteredVectors } from "../../bench/synthetic-vectors.js";
import { varyDocument } from "../../bench/varied-corpus.js";

describe("recallAtK", () => {
  it("counts the true neighbours found among the first k results", () => {
    const truth = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    expect(recallAtK([[3, 2, 1], [4, 9, 8]], truth, 3)).toBeCloseTo(4 / 6);
  });

  it("ignores results past k", () => {
    expect(recallAtK([[9, 8, 1]], [[1, 2]], 2)).toBe(0);
  });
});

describe("percentile", () => {
  it("uses the nearest rank, so p99 of 100 samples is the 99th smallest", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
  });

  it("summarises unsorted samples", () => {
    expect(summarise([5, 1, 3])).toEqual({ n: 3, p50: 3, p99: 5, mean: 3, max: 5 });
  });
});

describe("exactTopK", () => {
  it("returns the rows with the largest dot product, best first", () => {
    const matrix = { dimension: 2, rows: 4, data: Float32Array.from([1, 0, 0, 1, 0.6, 0.8, -1, 0]) };
    expect(exactTopK(matrix, [0, 1], 2)).toEqual([1, 2]);
    expect(exactTopK(matrix, [1, 0], 10)).toEqual([0, 2, 1, 3]);
  });
});

describe("clusteredVectors", () => {
  it("gives the same unit vectors for the same seed", () => {
    const shape = { rows: 50, dimension: 16, clusters: 3, seed: 4 };
    const a = clusteredVectors(shape, { seed: 1, rows: 50 });
    const b = clusteredVectors(shape, { seed: 1, rows: 50 });
    expect(a.data).toEqual(b.data);
    const first = a.data.subarray(0, 16);
    expect(Math.hypot(...first)).toBeCloseTo(1, 5);
  });
});

describe("varyDocument", () => {
  it("keeps front matter valid and makes the body different enough not to be dropped as a near-duplicate", () => {
    const body = Array.from({ length: 60 }, (_, i) => `Django scales horizontally behind load balancers sentence ${i}.`).join(" ");
    const text = `---\ntitle: "How Scalable is Django?"\npermalink: /django/\n---\n${body}\n`;
    const varied = varyDocument(text, 3, ["apple", "river", "window", "forest"], createRandom(1));
    expect(varied).toMatch(/^---\ntitle: "How Scalable is Django\? \(variant 3\)"\npermalink: \/django\/variant-3\/\n---\n/);
    const a = shingle(body);
    const b = shingle(varied.split("---\n")[2] ?? "");
    const shared = [...a].filter((item) => b.has(item)).length;
    expect(shared / (a.size + b.size - shared)).toBeLessThan(0.7);
  });
});

describe("latencyChartSvg", () => {
  it("draws one solid and one dashed line per store, with escaped labels", () => {
    const svg = latencyChartSvg(
      [
        { name: "hnswlib <ours>", color: "#00f", points: [{ size: 1_000, p50: 0.05, p99: 0.1 }, { size: 100_000, p50: 0.2, p99: 0.5 }] },
        { name: "MemoryVectorStore", color: "#f00", points: [{ size: 1_000, p50: 1, p99: 2 }, { size: 100_000, p50: 150, p99: 190 }] },
      ],
      { title: "latency & size" },
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("hnswlib &lt;ours&gt;");
    expect(svg).toContain("latency &amp; size");
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(4);
    expect(svg).toContain(">100k<");
  });

  it("says there is no data instead of drawing empty axes", () => {
    expect(latencyChartSvg([], { title: "latency" })).toContain("latency: no data");
  });
});
