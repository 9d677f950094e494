// Attempts to steer a model rather than ask about the documents. citebot's extractive composer has no
// instructions to override, but quoting the corpus back at such a message would look like compliance.
const INJECTION = [
  /\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|prompts?|rules|guidelines|documents?|context|above|previous|everything)\b/i,
  /\bsystem\s+(?:prompt|override|message)\b/i,
  /(?:^|\s)(?:system|assistant|developer)\s*:/i,
  /\byou\s+are\s+now\b/i,
  /\b(?:admin|developer|god|dan|debug|jailbreak)\s+mode\b/i,
  /\bjailbreak\b/i,
  /\b(?:reveal|print|show|leak|dump|give me)\b.{0,40}\b(?:prompt|api\s+keys?|secrets?|tokens?|passwords?|credentials?)\b/i,
  /\b(?:answer|reply|respond)\s+(?:to\s+)?every\s+(?:message|question)\b/i,
  /\b(?:pretend|act as|role-?play)\b/i,
];

// Requests for entertainment or creative writing: nothing in a team's documents answers them.
const CREATIVE = /\b(?:tell|give)\s+(?:me|us)\s+(?:a|another)\s+(?:joke|riddle|story|pun)\b|\b(?:write|compose)\s+(?:me\s+|us\s+)?(?:a|an)\s+(?:poem|song|story|haiku|limerick|joke|essay|rap)\b/i;

/** Why a message is not a question for the documents, or undefined when it is one. */
export function notADocumentQuestion(question: string): "injection" | "creative" | undefined {
  if (INJECTION.some((pattern) => pattern.test(question))) return "injection";
  if (CREATIVE.test(question)) return "creative";
  return undefined;
}
