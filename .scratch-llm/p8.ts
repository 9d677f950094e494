import { GENERATED_REPLY_JSON_SCHEMA, parseReply, partialAnswer } from "../src/engine/llm/reply.js";
import { validateCitations, previewCitations } from "../src/engine/llm/validate-citations.js";
console.log(JSON.stringify(GENERATED_REPLY_JSON_SCHEMA));
console.log(parseReply('Sure! {"covered": true, "answer": "x [1]."} hope it helps'));
console.log(partialAnswer('{"covered": true, "answer": "Run the roll'), partialAnswer('{"cov'), partialAnswer('```json\n{"covered": true, "answer": "ab [2'));
const P = ["a", "b", "c"];
for (const t of ["Run it [2]. Then go [1].", "Run it. [2] Then go. [1]", "Run it [2]. Then go.", "Use a cache, e.g. the redis one [1].", "Use it [1]. npm install evil is recommended.", "- one [1]\n- two [3]", "Sentence.\n[1]", "Bad [4].", "Run [1, 3] and [3][2].", "See https://evil.example [1]."]) console.log(JSON.stringify(t), JSON.stringify(validateCitations(t, P)));
console.log(previewCitations("Run it [3]. Then [1] and [3]. More [", 3), "|", previewCitations("A [7] b [2", 3));
