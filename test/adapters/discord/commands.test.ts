import { describe, expect, it } from "vitest";
import { askCommand, describeRegistration } from "../../../src/adapters/discord/commands.js";

describe("/ask command", () => {
  it("takes a required question and an optional private flag, in servers and DMs", () => {
    expect(askCommand()).toMatchObject({
      name: "ask",
      type: 1,
      contexts: [0, 1],
      options: [
        { name: "question", type: 3, required: true, max_length: 6000 },
        { name: "private", type: 5, required: false },
      ],
    });
  });
});

describe("describeRegistration", () => {
  it("names the scope and each command with its options", () => {
    const text = describeRegistration({
      scope: "guild",
      guildId: "200000000000000001",
      commands: [{ id: "7", name: "ask", options: [{ name: "question", type: 3, required: true }, { name: "private", type: 5, required: false }] }],
    });
    expect(text).toBe("Registered 1 command to server 200000000000000001 (usable there right away):\n  /ask question:<text> [private:<true|false>]  (id 7)");
  });
});
