import { describeAnswering } from "../answers.case.js";
import { describeOutputChecks } from "../output.case.js";
import { describeStreaming } from "../streaming.case.js";
import { slackPlatform } from "./platform.js";

// The behaviours both adapters share, stated once in test/adapters/*.case.ts; Slack-only behaviour has its own tests here.
describeAnswering(slackPlatform);
describeStreaming(slackPlatform);
describeOutputChecks(slackPlatform);
