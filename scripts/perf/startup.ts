// Start-up side by side: each index opened in a fresh process, runs alternating, medians reported.
// Usage: npx tsx scripts/perf/startup.ts <repeats> <label>=<index dir>[:before-open] ...
import { spawn } from "node:child_process";
import os from "node:os";

interface Report {
  [key: string]: number | boolean;
}

const [repeatsArg, ...targets] = process.argv.slice(2);
const repeats = Number(repeatsArg ?? 3);
const runs = new Map<string, Report[]>();
console.log(`load average at start: ${os.loadavg().map((value) => value.toFixed(2)).join(" ")}`);
for (let round = 0; round < repeats; round++) {
  for (const target of targets) {
    const [label, spec] = target.split("=") as [string, string];
    const [dir, verify] = spec.split(":") as [string, string | undefined];
    const report = await runChild(dir, verify ?? "background");
    runs.set(label, [...(runs.get(label) ?? []), report]);
    console.log(label, JSON.stringify(report));
  }
}
console.log(`load average at end: ${os.loadavg().map((value) => value.toFixed(2)).join(" ")}`);
for (const [label, reports] of runs) {
  const keys = Object.keys(reports[0] ?? {}).filter((key) => typeof reports[0]?.[key] === "number");
  const median = (key: string) => {
    const values = reports.map((report) => report[key] as number).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] ?? 0;
  };
  console.log(`median of ${reports.length}, ${label}: ${keys.map((key) => `${key} ${median(key).toFixed(key.endsWith("Mb") || key.endsWith("Ms") ? 0 : 1)}`).join(", ")}`);
}

function runChild(dir: string, verify: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/perf/startup-child.ts", dir, verify], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    let spawnToReadyMs = 0;
    child.stdout.on("data", (data: Buffer) => {
      out += data.toString();
      if (!spawnToReadyMs && out.includes("ready\n")) spawnToReadyMs = performance.now() - started;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((text) => text.startsWith("report "));
      if (code !== 0 || !line) reject(new Error(`child exited with ${code}: ${out}`));
      else resolve({ spawnToReadyMs, ...(JSON.parse(line.slice("report ".length)) as Report) });
    });
  });
}
