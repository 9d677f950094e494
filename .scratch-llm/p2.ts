import { ChatOpenAI } from "@langchain/openai";
import { ChatOllama } from "@langchain/ollama";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import { z } from "zod";
import { startFakeLlm } from "../test/fakes/llm.js";
const fake = await startFakeLlm();
const Reply = z.object({ covered: z.boolean().describe("c"), answer: z.string().describe("a") });
const js = toJsonSchema(Reply);
console.log(JSON.stringify(js));
fake.scriptChat(() => ({ content: "not json at all [1]." }));
const m = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "k", maxRetries: 0, streaming: true, configuration: { baseURL: fake.openAIBaseUrl } });
const s = m.withStructuredOutput(js, { includeRaw: true, name: "cited_answer", method: "jsonSchema" });
const r2 = await s.invoke([["human", "q"]]);
console.log("r2", r2.parsed, r2.raw.content, JSON.stringify(fake.requests.at(-1)?.body.response_format));
fake.scriptChat(() => ({ content: '```json\n{"covered": true, "answer": "x [1]."}\n```' }));
console.log("r2b", (await s.invoke([["human", "q"]])).parsed);
const o = new ChatOllama({ model: "llama3.1", baseUrl: fake.ollamaBaseUrl, maxRetries: 0 });
const so = o.withStructuredOutput(js, { includeRaw: true });
fake.scriptChat(() => ({ content: JSON.stringify({ covered: false, answer: "" }) }));
const r3 = await so.invoke([["human", "q"]]);
console.log("r3", r3.parsed, JSON.stringify(fake.requests.at(-1)?.body));
fake.scriptChat(() => ({ status: 500, message: "boom" }));
try { await s.invoke([["human", "q"]]); } catch (e) { console.log("err", (e as Error).message, (e as Error).constructor.name); }
try { await so.invoke([["human", "q"]]); } catch (e) { console.log("err", (e as Error).message); }
console.log(fake.requests.length);
fake.scriptChat(() => ({ hang: true }));
const ac = new AbortController(); setTimeout(() => ac.abort(new Error("timeout")), 200);
try { await s.invoke([["human", "q"]], { signal: ac.signal }); } catch (e) { console.log("err", (e as Error).message); }
console.log("abandoned", (await fake.abandoned()).path);
const ac2 = new AbortController(); setTimeout(() => ac2.abort(new Error("timeout2")), 200);
const o2 = new ChatOllama({ model: "llama3.1", baseUrl: fake.ollamaBaseUrl, maxRetries: 0, fetch: (u, init) => fetch(u, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, ac2.signal]) : ac2.signal }) });
try { await o2.withStructuredOutput(js, { includeRaw: true }).invoke([["human", "q"]], { signal: ac2.signal }); } catch (e) { console.log("err", (e as Error).message); }
console.log("abandoned", (await fake.abandoned()).path);
await fake.close();
