import { startFakeLlm } from "../test/fakes/llm.js";
const fake = await startFakeLlm();
fake.scriptChat(() => ({ content: "not json at all [1]." }));
const res = await fetch(fake.openAIBaseUrl + "/chat/completions", { method: "POST", body: JSON.stringify({ stream: true, model: "m" }) });
console.log(res.status, res.headers.get("content-type"));
console.log(await res.text());
await fake.close();
