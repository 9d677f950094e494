import { Worker } from "node:worker_threads";

/**
 * A worker thread running a TypeScript module of this folder. Worker threads ignore the parent's
 * `--import`, so the entry registers tsx itself before loading the module.
 */
export function startTsWorker(moduleName: string, workerData?: unknown): Worker {
  const entry = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL(moduleName, import.meta.url).href)}); });`;
  return new Worker(entry, { eval: true, workerData });
}
