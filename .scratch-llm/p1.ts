import { ChatOpenAI } from "@langchain/openai";
import { ChatOllama } from "@langchain/ollama";
import { z } from "zod";
import { startFakeLlm } from "../test/fakes/llm.js";
const fake = await startFakeLlm();
const Reply = z.object({ covered: z.boolean().describe("c"), answer: z.string().describe("a") });
fake.scriptChat(() => ({ content: JSON.stringify({ covered: true, answer: "Hi [1]." }) }));
const m = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "k", maxRetries: 0, configuration: { baseURL: fake.openAIBaseUrl } });
const s = m.withStructuredOutput(Reply, { includeRaw: true, name: "cited_answer" });
const r = await s.invoke([["system", "sys"], ["human", "q"]]);
console.log(JSON.stringify(r.parsed), typeof r.raw.content);

for await (const ev of s.streamEvents([["human", "q"]], { version: "v2" })) { if (ev.event === "on_chat_model_stream") console.log("tok", JSON.stringify(ev.data.chunk.content)); if (ev.event==="on_chain_end" && (ev.parent_ids ?? []).length===0) console.log("end", JSON.stringify(ev.data.output.parsed)); }
console.log(JSON.stringify(fake.requests.at(-1)?.body.stream));
fake.scriptChat(() => ({ content: "not json at all [1]." }));
const r2 = await s.invoke([["human", "q"]]);
console.log("r2", r2.parsed, r2.raw.content);
const o = new ChatOllama({ model: "llama3.1", baseUrl: fake.ollamaBaseUrl });
const so = o.withStructuredOutput(Reply, { includeRaw: true });
fake.scriptChat(() => ({ content: JSON.stringify({ covered: false, answer: "" }) }));
const r3 = await so.invoke([["human", "q"]]);
console.log("r3", r3.parsed, JSON.stringify(fake.requests.at(-1)?.body));
fake.scriptChat(() => ({ status: 500, message: "boom" }));
try { await s.invoke([["human", "q"]]); } catch (e) { console.log("err", (e as Error).message, (e as Error).constructor.name); }
try { await so.invoke([["human", "q"]]); } catch (e) { console.log("err", (e as Error).message); }
fake.scriptChat(() => ({ hang: true }));
const ac = new AbortController(); setTimeout(() => ac.abort(new Error("timeout")), 200);
try { await s.invoke([["human", "q"]], { signal: ac.signal }); } catch (e) { console.log("err", (e as Error).message); }
console.log("abandoned", (await fake.abandoned()).path);
await fake.close();
