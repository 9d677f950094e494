import { describe, expect, it } from "vitest";
import { dispatchProblem } from "../../../src/adapters/discord/gateway-payloads.js";
import { ids, messageObject, users } from "../../fakes/discord-payloads.js";

const message = (overrides: Record<string, unknown> = {}) => ({ ...messageObject(ids.text, users.human, "hi"), ...overrides });

describe("dispatchProblem", () => {
  it("passes a well-formed MESSAGE_CREATE and any dispatch it does not check field by field", () => {
    expect([dispatchProblem({ t: "MESSAGE_CREATE", s: 1, d: message() }), dispatchProblem({ t: "TYPING_START", s: 2, d: {} })]).toEqual([undefined, undefined]);
  });

  it.each([
    ["embeds: null", { embeds: null }, /^embeds:/],
    ['author: "x"', { author: "x" }, /^author:/],
    ["mentions: {}", { mentions: {} }, /^mentions:/],
    ["a referenced message without an author", { referenced_message: { id: ids.text, channel_id: ids.text, content: "", mentions: [] } }, /^referenced_message\.author:/],
  ])("names the field of a MESSAGE_CREATE with %s", (_name, overrides, reason) => {
    expect(dispatchProblem({ t: "MESSAGE_CREATE", s: 1, d: message(overrides) })).toMatch(reason);
  });

  it("requires data on every interaction but a ping, and a message on a button click", () => {
    const base = { id: "1", application_id: ids.app, token: "t", user: users.human };
    expect(dispatchProblem({ t: "INTERACTION_CREATE", d: { ...base, type: 2 } })).toMatch(/^data:/);
    expect(dispatchProblem({ t: "INTERACTION_CREATE", d: { ...base, type: 3, data: { custom_id: "x", component_type: 2 } } })).toMatch(/^message:/);
    expect(dispatchProblem({ t: "INTERACTION_CREATE", d: { ...base, type: 1 } })).toBeUndefined();
  });

  it("refuses a dispatch whose data is not an object", () => {
    expect(dispatchProblem({ t: "GUILD_UPDATE", d: null })).toMatch(/^d:/);
  });
});
