import type { KnowledgeHooks, PlaceDocuments } from "../chat/knowledge-hooks.js";
import type { IncomingMessage } from "../chat/incoming-message.js";
import type { Reply } from "../chat/reply.js";
import { asCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import { asksForGaps, isAdminUser } from "./admin.js";
import type { CurrentSections } from "./current-sections.js";
import { allDocuments, type DocumentSetResolver } from "./document-sets/resolve.js";
import type { QuestionRecorder } from "./question-recorder.js";
import { type EscalationOptions, offersEscalation } from "./escalation/escalation-options.js";

export interface KnowledgeHookParts {
  /** From the document sets file; without one every place sees every document and no filter is passed. */
  documentSets?: DocumentSetResolver;
  /** The questions log, with the sections of the generation answering now (their content hashes). */
  questions?: { recorder: QuestionRecorder; sections: CurrentSections };
  /** `gaps` from an ADMIN_USERS user: the gap report's chat text. Others' `gaps` is answered as a question. */
  gaps?: { admins: readonly string[]; message(): Promise<string> };
  /** ESCALATION: where the experts are; answers on a platform with an expert channel offer the button. */
  escalation?: EscalationOptions;
  logger: Logger;
}

/** The conversation's knowledge hooks, plus `settled()`: resolves once every question log write started so far has ended. */
export function createKnowledgeHooks(parts: KnowledgeHookParts): Required<KnowledgeHooks> & { settled(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const documentsFor = (message: IncomingMessage): PlaceDocuments | undefined => {
    if (!parts.documentSets) return undefined;
    const set = parts.documentSets({
      platform: message.platform,
      channelId: message.channelId,
      isDm: message.isDirect,
      ...(message.parentChannelId ? { parentChannelId: message.parentChannelId } : {}),
      ...(message.guildId ? { guildId: message.guildId } : {}),
    });
    return set === allDocuments ? { name: set.name } : { name: set.name, allowSource: set.allowSource };
  };

  const command = async (message: IncomingMessage, text: string): Promise<Reply | undefined> => {
    const gaps = parts.gaps;
    if (!gaps || !asksForGaps(text) || !isAdminUser(gaps.admins, message.platform, message.userId)) return undefined;
    try {
      return { kind: "notice", reason: "report", text: await gaps.message() };
    } catch (error) {
      parts.logger.warn({ err: asCitebotError(error) }, "could not build the gap report");
      return { kind: "notice", reason: "report", text: `Sorry, I could not build the gap report (${asCitebotError(error).message}). \`npm run gaps\` on the server shows it too.` };
    }
  };

  return {
    documentsFor,
    command,
    offersEscalation: (message) => (parts.escalation ? offersEscalation(parts.escalation, message.platform) : false),
    answered(entry) {
      const log = parts.questions;
      if (!log?.recorder.enabled) return;
      const { message } = entry;
      track(
        log.sections
          .refresh()
          .catch((error: unknown) => parts.logger.warn({ err: asCitebotError(error) }, "could not read the index's section hashes; the question is logged without them"))
          .then(() =>
            log.recorder.record({
              askedBy: { platform: message.platform, channelId: message.channelId, userId: message.userId },
              question: entry.question,
              answer: entry.answer,
              answerId: entry.answerId,
              latencyMs: entry.latencyMs,
              ...(entry.documentSet ? { documentSet: entry.documentSet } : {}),
            }),
          ),
      );
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
