import fs from "node:fs";
import { bufferToMatrix } from "./src/index/vectors.js";
import { exactTopK } from "./src/bench/exact-search.js";
const dir = "data/index/" + fs.readFileSync("data/index/CURRENT", "utf8").trim();
const m = bufferToMatrix(fs.readFileSync(dir + "/sentence-vectors.f32"), 512);
const D = 512; const cos = (a: number, b: number) => { let s = 0; for (let i = 0; i < D; i++) s += m.data[a * D + i]! * m.data[b * D + i]!; return s; };
let rnd = 0, n = 0; for (let a = 0; a < m.rows; a += 7) for (let b = a + 3; b < m.rows; b += 13) { rnd += cos(a, b); n++; }
let t1 = 0, t10 = 0; for (let a = 0; a < m.rows; a++) { const ids = exactTopK(m, m.data.subarray(a * D, (a + 1) * D), 11); t1 += cos(a, ids[1]!); t10 += cos(a, ids[10]!); }
console.log("rows", m.rows, "random pair", (rnd / n).toFixed(3), "nn1", (t1 / m.rows).toFixed(3), "nn10", (t10 / m.rows).toFixed(3));
