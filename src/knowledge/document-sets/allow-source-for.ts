import type { AnswerOptions } from "../../engine/answer.js";
import { CitebotError, ErrorCode } from "../../errors.js";
import type { DocumentSet } from "./resolve.js";

/**
 * A logged question's document set, found again by the name the log recorded, so that a replay is scoped as the
 * original answer was. A set since removed from the file is an error the replay reports, not a silent widening.
 */
export function allowSourceFor(named: (name: string) => DocumentSet | undefined): (documentSet: string | undefined) => AnswerOptions["allowSource"] {
  return (documentSet) => {
    if (documentSet === undefined) return undefined;
    const set = named(documentSet);
    if (!set) throw new CitebotError(ErrorCode.ConfigInvalid, `the document set "${documentSet}" is no longer in the document sets file`);
    return set.allowSource;
  };
}
