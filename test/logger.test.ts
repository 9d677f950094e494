import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";

function capture(format: "json" | "pretty") {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: "info", format, destination });
  return { logger, text: () => lines.join("") };
}

describe("logs", () => {
  it("are one readable line per record for a person at a terminal, with the level, the message and the fields", () => {
    const { logger, text } = capture("pretty");
    logger.child({ adapter: "slack" }).warn({ channel: "C1" }, "could not add the working reaction");
    expect(text()).toMatch(/WARN.*: could not add the working reaction/);
    expect(text()).toMatch(/adapter: "slack"/);
    expect(text()).toMatch(/channel: "C1"/);
    expect(text()).not.toContain('{"level"');
  });

  it("are JSON lines elsewhere, one object per record", () => {
    const { logger, text } = capture("json");
    logger.info({ documents: 4 }, "citebot ready");
    expect(JSON.parse(text())).toMatchObject({ level: 30, msg: "citebot ready", documents: 4 });
  });

  it("keep tokens out in both forms", () => {
    for (const format of ["pretty", "json"] as const) {
      const { logger, text } = capture(format);
      logger.error({ token: "xoxb-1111-2222-secret", config: { SLACK_BOT_TOKEN: "xoxb-1111-2222-secret" } }, "refused xoxb-1111-2222-secret");
      expect(text()).not.toContain("secret");
      expect(text()).toContain("[redacted]");
    }
  });
});
