import { webApi } from "@slack/bolt";
import { CitebotError, ErrorCode, asCitebotError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { Health } from "../health.js";
import { untilReachable } from "../until-reachable.js";
import { toBoltLogger } from "./bolt-logger.js";
import { classifySlackError } from "./transient.js";

/** The bot scopes every install needs; a token missing any of them is refused at start. */
export const SLACK_BOT_SCOPES = ["app_mentions:read", "chat:write", "commands", "reactions:write", "im:history", "channels:history", "groups:history", "assistant:write"] as const;

/**
 * Scopes slack-app-manifest.yaml also grants, each for one feature; apps installed from an older manifest lack
 * them, and citebot runs without that feature (with a warning at start) rather than refusing to start.
 */
export const SLACK_OPTIONAL_SCOPES = {
  "chat:write.public": "“Post to channel” works only in channels citebot has joined",
  "mpim:history": "group DMs are not answered",
} as const;

/** One Web API call may take this long before it counts as a network failure (and is retried where that is safe). */
const SLACK_CALL_TIMEOUT_MS = 10_000;

/**
 * Web API client settings for every call citebot makes. The client's own retries are off (its default is ten over
 * half an hour): each caller retries with a deadline of its own, so no reply waits longer than DELIVERY_RETRY_MS.
 */
export function slackClientOptions(apiUrl: string | undefined, logger: Logger): webApi.WebClientOptions {
  return { slackApiUrl: apiUrl, logger: toBoltLogger(logger), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: SLACK_CALL_TIMEOUT_MS };
}

export interface SlackIdentity {
  botUserId: string;
  botId: string;
  teamId?: string;
}

export interface VerifyOptions {
  apiUrl?: string;
  health: Health;
  logger: Logger;
  signal?: AbortSignal;
  backoff?: { firstDelayMs: number; maxDelayMs: number };
}

/**
 * Asks Slack who SLACK_BOT_TOKEN belongs to (`auth.test`) and which scopes it carries. A refused token or a missing
 * scope ends in one CredentialsRejected error naming the setting and the fix; an unreachable Slack is retried.
 */
export async function verifyBotToken(token: string, options: VerifyOptions): Promise<SlackIdentity> {
  const client = new webApi.WebClient(token, slackClientOptions(options.apiUrl, options.logger));
  let result: webApi.AuthTestResponse;
  try {
    result = await untilReachable(() => client.auth.test(), classifySlackError, { platform: "slack", what: "checking SLACK_BOT_TOKEN", ...options });
  } catch (error) {
    throw explainTokenError(error, "SLACK_BOT_TOKEN");
  }
  if (!result.user_id || !result.bot_id) {
    throw new CitebotError(
      ErrorCode.CredentialsRejected,
      "SLACK_BOT_TOKEN: Slack says this token belongs to no bot user; copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions",
    );
  }
  // Slack lists the token's scopes in a header; a proxy that drops it leaves nothing to check.
  const granted = result.response_metadata?.scopes;
  if (granted) {
    const missing = SLACK_BOT_SCOPES.filter((scope) => !granted.includes(scope));
    if (missing.length > 0) {
      throw new CitebotError(
        ErrorCode.CredentialsRejected,
        `SLACK_BOT_TOKEN: the app lacks the scope${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (missing_scope). ` +
          "Add them under OAuth & Permissions › Bot Token Scopes (slack-app-manifest.yaml lists every one), reinstall the app, and put the new Bot User OAuth Token in SLACK_BOT_TOKEN",
      );
    }
    for (const [scope, without] of Object.entries(SLACK_OPTIONAL_SCOPES)) {
      if (!granted.includes(scope)) options.logger.warn({ scope }, `SLACK_BOT_TOKEN lacks the ${scope} scope, so ${without}; add it under OAuth & Permissions › Bot Token Scopes (slack-app-manifest.yaml lists it) and reinstall the app`);
    }
  }
  return { botUserId: result.user_id, botId: result.bot_id, teamId: result.team_id };
}

/** Socket Mode: checks SLACK_APP_TOKEN by asking for a connection URL, which Slack grants only to a valid app-level token. */
export async function verifyAppToken(token: string, options: VerifyOptions): Promise<void> {
  const client = new webApi.WebClient(token, slackClientOptions(options.apiUrl, options.logger));
  try {
    await untilReachable(() => client.apps.connections.open({}), classifySlackError, { platform: "slack", what: "checking SLACK_APP_TOKEN", ...options });
  } catch (error) {
    throw explainTokenError(error, "SLACK_APP_TOKEN");
  }
}

const BOT_TOKEN_FIX = "copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page into SLACK_BOT_TOKEN";
const APP_TOKEN_FIX = "generate an App-Level Token with the connections:write scope under Basic Information › App-Level Tokens and put it in SLACK_APP_TOKEN";

/** Slack's `error` codes for a refused token, each with what to do about it. */
function tokenProblem(code: string, setting: "SLACK_BOT_TOKEN" | "SLACK_APP_TOKEN"): string | undefined {
  const fix = setting === "SLACK_BOT_TOKEN" ? BOT_TOKEN_FIX : APP_TOKEN_FIX;
  switch (code) {
    case "invalid_auth":
      return `Slack rejected the token (invalid_auth); ${fix}. A token stops working when the app is reinstalled or the token is regenerated`;
    case "not_authed":
      return `no token reached Slack (not_authed); ${fix}, and if SLACK_API_URL points at a proxy, make sure it forwards the Authorization header`;
    case "account_inactive":
      return `the token belongs to an app or user that is no longer active (account_inactive); reinstall the app to the workspace (Install App), then ${fix}`;
    case "token_revoked":
    case "token_expired":
      return `the token was revoked or has expired (${code}); reinstall the app (Install App), then ${fix}`;
    case "not_allowed_token_type":
      return `Slack does not accept this kind of token here (not_allowed_token_type); ${fix}`;
    case "missing_scope":
      return setting === "SLACK_APP_TOKEN" ? `the token lacks the connections:write scope (missing_scope); ${fix}` : `the token lacks a scope citebot needs (missing_scope); ${fix}`;
    case "team_access_not_granted":
    case "no_permission":
    case "ekm_access_denied":
      return `the workspace does not let this token be used (${code}); ask a workspace admin to approve the app, then ${fix}`;
    default:
      return undefined;
  }
}

function explainTokenError(error: unknown, setting: "SLACK_BOT_TOKEN" | "SLACK_APP_TOKEN"): CitebotError {
  const code = (error as { code?: unknown; data?: { error?: unknown } }).code === "slack_webapi_platform_error" ? (error as { data: { error?: unknown } }).data.error : undefined;
  const problem = typeof code === "string" ? tokenProblem(code, setting) : undefined;
  if (problem) return new CitebotError(ErrorCode.CredentialsRejected, `${setting}: ${problem}`, { cause: error });
  const wrapped = asCitebotError(error);
  return new CitebotError(ErrorCode.Unknown, `Slack refused ${setting} unexpectedly: ${wrapped.message}`, { cause: error });
}
