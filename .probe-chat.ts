import os from "node:os"; import fs from "node:fs/promises"; import path from "node:path";
import { measureChatLoad } from "./src/bench/chat-load.js";
import { BENCH_QUESTIONS } from "./src/bench/questions.js";
const dir = await fs.mkdtemp(path.join(os.tmpdir(), "citebot-chat-"));
for (const queueAnswers of [false, true, false, true]) { const r = await measureChatLoad("data/index", dir, BENCH_QUESTIONS, 50, { queueAnswers }); console.log(queueAnswers, r.ack.p50.toFixed(0), r.ack.p99.toFixed(0), r.answer.p50.toFixed(0), r.answer.p99.toFixed(0), r.errors, r.answered, r.botWarnings); }
await fs.rm(dir, { recursive: true });
