// Slack platform limits the formatter enforces. Sources: https://docs.slack.dev/reference/block-kit/
// and https://docs.slack.dev/reference/methods/chat.postMessage

/** Block Kit: `text` of a section block. */
export const SLACK_SECTION_TEXT_MAX = 3_000;
/** Block Kit: blocks in one message. */
export const SLACK_MESSAGE_BLOCKS_MAX = 50;
/** Block Kit: elements in one context block. */
export const SLACK_CONTEXT_ELEMENTS_MAX = 10;
/** Block Kit: `text` of one context element (a text object). */
export const SLACK_CONTEXT_TEXT_MAX = 3_000;
/** Block Kit: button `value`. */
export const SLACK_BUTTON_VALUE_MAX = 2_000;
/** chat.postMessage: `text` is truncated past 40,000; Slack recommends ≤ 4,000 for the notification fallback. */
export const SLACK_FALLBACK_TEXT_MAX = 4_000;
/** assistant.threads.setSuggestedPrompts: at most four prompts. */
export const SLACK_SUGGESTED_PROMPTS_MAX = 4;
