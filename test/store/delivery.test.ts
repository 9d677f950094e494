import { describe, expect, it } from "vitest";
import { DISCORD_NONCE_MAX, discordNonce, nextDeliveryStep } from "../../src/store/delivery.js";
import type { DeliveryTarget } from "../../src/store/job-payloads.js";

const targets: Record<DeliveryTarget["kind"], DeliveryTarget> = {
  slack_response_url: { kind: "slack_response_url", responseUrl: "https://hooks.slack.test/1", channelId: "C1", replaceOriginal: false },
  slack_message: { kind: "slack_message", channelId: "C1" },
  discord_interaction: { kind: "discord_interaction", applicationId: "1", interactionToken: "t", channelId: "D1" },
  discord_message: { kind: "discord_message", channelId: "D1" },
};

describe("redelivery after a takeover", () => {
  it("posts when no earlier attempt started posting, whatever the target", () => {
    for (const target of Object.values(targets)) expect(nextDeliveryStep(target, "none", undefined)).toBe("post");
  });

  it("edits the message an earlier attempt posted, when its handle was recorded", () => {
    for (const target of Object.values(targets)) expect(nextDeliveryStep(target, "posting", "1700000000.000100")).toBe("edit");
  });

  it("edits a Discord interaction's original reply, which needs no handle", () => {
    expect(nextDeliveryStep(targets.discord_interaction, "posting", undefined)).toBe("edit");
  });

  it("posts a Discord channel message again: the job's nonce makes Discord drop a repeat", () => {
    expect(nextDeliveryStep(targets.discord_message, "posting", undefined)).toBe("post");
  });

  it("looks for the job's metadata before posting a Slack message again", () => {
    expect(nextDeliveryStep(targets.slack_message, "posting", undefined)).toBe("verify");
  });

  it("skips an ephemeral slash-command reply it cannot check (at most once), unless the answer replaces the ack", () => {
    expect(nextDeliveryStep(targets.slack_response_url, "posting", undefined)).toBe("skip");
    expect(nextDeliveryStep({ ...targets.slack_response_url, replaceOriginal: true } as DeliveryTarget, "posting", undefined)).toBe("post");
  });

  it("never delivers a delivered job again", () => {
    for (const target of Object.values(targets)) expect(nextDeliveryStep(target, "delivered", "x")).toBe("skip");
  });
});

describe("discordNonce", () => {
  it("is the same for every attempt at a job and fits Discord's 25 characters", () => {
    const jobId = "slack:event:Ev0123456789ABCDEFGHIJ";
    expect(discordNonce(jobId)).toBe(discordNonce(jobId));
    expect(discordNonce(jobId)).not.toBe(discordNonce(`${jobId}x`));
    expect(discordNonce(jobId).length).toBeLessThanOrEqual(DISCORD_NONCE_MAX);
  });
});
