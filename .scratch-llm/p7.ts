import { ChatOpenAI } from "@langchain/openai";
import { ChatOllama } from "@langchain/ollama";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Runnable } from "@langchain/core/runnables";
import { startFakeLlm } from "../test/fakes/llm.js";
const realFetch = globalThis.fetch;
globalThis.fetch = (async (u: any, i: any) => { console.log("FETCH", String(u instanceof Request ? u.url : u)); return realFetch(u, i); }) as typeof fetch;
process.on("unhandledRejection", (e) => console.log("UNHANDLED", e));
const fake = await startFakeLlm();
const js = { type: "object", properties: { covered: { type: "boolean" }, answer: { type: "string" } }, required: ["covered", "answer"], additionalProperties: false };
async function run(s: Runnable<any, any>, signal?: AbortSignal) {
  let text = "";
  for await (const c of await s.stream([["human", "q"]], { signal })) text += c.content;
  return text;
}
const m = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "k", maxRetries: 0, maxTokens: 100, temperature: 0, configuration: { baseURL: fake.openAIBaseUrl } }).withConfig({ response_format: { type: "json_schema", json_schema: { name: "cited_answer", schema: js, strict: true } } });
fake.scriptChat(() => ({ content: "not json at all [1]." }));
console.log("r1", await run(m), JSON.stringify(fake.requests.at(-1)?.body));
const o = new ChatOllama({ model: "llama3.1", baseUrl: fake.ollamaBaseUrl, maxRetries: 0, format: js, temperature: 0, numPredict: 100 });
fake.scriptChat(() => ({ content: JSON.stringify({ covered: false, answer: "" }) }));
console.log("r3", await run(o), JSON.stringify(fake.requests.at(-1)?.body));
fake.scriptChat(() => ({ status: 500, message: "boom" }));
try { await run(m); } catch (e) { console.log("err", (e as Error).message, (e as Error).constructor.name); }
try { await run(o); } catch (e) { console.log("err", (e as Error).message); }
console.log(fake.requests.length);
fake.scriptChat(() => ({ hang: true }));
try { await run(m, AbortSignal.timeout(200)); } catch (e) { console.log("err", (e as Error).message); }
console.log("abandoned", (await fake.abandoned()).path);
try { await run(o, AbortSignal.timeout(200)); } catch (e) { console.log("err", (e as Error).message); }
console.log("abandoned?");
await fake.close();
