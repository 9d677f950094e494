import { describeAnswering } from "../answers.case.js";
import { describeOutputChecks } from "../output.case.js";
import { describeStreaming } from "../streaming.case.js";
import { discordPlatform } from "./platform.js";

// The behaviours both adapters share, stated once in test/adapters/*.case.ts; Discord-only behaviour has its own tests here.
describeAnswering(discordPlatform);
describeStreaming(discordPlatform);
describeOutputChecks(discordPlatform);
