import { ChatOpenAI } from "@langchain/openai";
import { ChatOllama } from "@langchain/ollama";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import type { Runnable } from "@langchain/core/runnables";
import { z } from "zod";
import { startFakeLlm } from "../test/fakes/llm.js";
const realFetch = globalThis.fetch;
globalThis.fetch = (async (u: any, i: any) => { console.log("FETCH", String(u instanceof Request ? u.url : u)); return realFetch(u, i); }) as typeof fetch;
const fake = await startFakeLlm();
const Reply = z.object({ covered: z.boolean().describe("c"), answer: z.string().describe("a") });
const js = toJsonSchema(Reply);
async function run(s: Runnable, signal?: AbortSignal) {
  let text = ""; let out: unknown;
  for await (const ev of s.streamEvents([["human", "q"]], { version: "v2", signal })) {
    if (ev.event === "on_chat_model_stream") text += ev.data.chunk.content;
    if (ev.event === "on_chain_end" && (ev.parent_ids ?? []).length === 0) out = ev.data.output;
  }
  return { text, out: JSON.stringify(out)?.slice(0, 200) };
}
const m = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "k", maxRetries: 0, configuration: { baseURL: fake.openAIBaseUrl } });
const s = m.withStructuredOutput(js, { includeRaw: true, name: "cited_answer", method: "jsonSchema" });
fake.scriptChat(() => ({ content: "not json at all [1]." }));
console.log("r1", await run(s), JSON.stringify(fake.requests.at(-1)?.body));
fake.scriptChat(() => ({ content: '```json\n{"covered": true, "answer": "x [1]."}\n```' }));
console.log("r2", await run(s));
const o = new ChatOllama({ model: "llama3.1", baseUrl: fake.ollamaBaseUrl, maxRetries: 0 });
const so = o.withStructuredOutput(js, { includeRaw: true, method: "jsonSchema" });
fake.scriptChat(() => ({ content: JSON.stringify({ covered: false, answer: "" }) }));
console.log("r3", await run(so), JSON.stringify(fake.requests.at(-1)?.body));
fake.scriptChat(() => ({ status: 500, message: "boom" }));
try { await run(s); } catch (e) { console.log("err", (e as Error).message, (e as Error).constructor.name); }
try { await run(so); } catch (e) { console.log("err", (e as Error).message); }
console.log(fake.requests.length);
fake.scriptChat(() => ({ hang: true }));
try { await run(s, AbortSignal.timeout(200)); } catch (e) { console.log("err", (e as Error).message); }
console.log("abandoned", (await fake.abandoned()).path);
const sig = AbortSignal.timeout(200);
const o2 = new ChatOllama({ model: "llama3.1", baseUrl: fake.ollamaBaseUrl, maxRetries: 0, fetch: (u, init) => fetch(u, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, sig]) : sig }) });
try { await run(o2.withStructuredOutput(js, { includeRaw: true }), sig); } catch (e) { console.log("err", (e as Error).message); }
console.log("abandoned", (await fake.abandoned()).path);
await fake.close();
