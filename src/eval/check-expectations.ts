import type { Topic } from "../engine/answer.js";
import { sectionMatches } from "./match-citation.js";
import { isOffTopic, type EvalQuestion, type OnTopicQuestion } from "./questions.js";

/**
 * On-topic questions whose expected section matches no heading path in the index: a typo there
 * would make the question unanswerable and quietly lower hit@3.
 */
export function unknownSections(questions: EvalQuestion[], topics: Topic[]): OnTopicQuestion[] {
  const headingPaths = topics.flatMap((topic) => topic.sections);
  return questions
    .filter((question): question is OnTopicQuestion => !isOffTopic(question))
    .filter((question) => !headingPaths.some((headingPath) => sectionMatches(headingPath, question.section)));
}
