import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { REST, Routes, type Shard, ShardingManager } from "discord.js";
import { z } from "zod";
import { explainDiscordError } from "../adapters/discord/rest-errors.js";
import { restOptions } from "../adapters/discord/rest-options.js";
import type { Health, PlatformState } from "../adapters/health.js";
import type { Config } from "../config.js";
import { CitebotError, ErrorCode } from "../errors.js";
import type { Logger } from "../logger.js";

/** The flag `npm start` passes each shard child, so it runs the Discord bot alone (see main.ts). */
export const SHARD_CHILD_OPTION = "discord-shard";

/**
 * Discord allows one IDENTIFY per 5 s per concurrency bucket, across every process of a bot; discord.js's own
 * default spacing between shard spawns, kept.
 */
const SPAWN_SPACING_MS = 5_500;

/** GET /gateway/bot: how many shards Discord recommends for this bot. */
const GatewayBot = z.object({ shards: z.number().int().min(1) });

export interface ShardPlan {
  /** The bot's shard count: DISCORD_SHARDS, or Discord's recommendation for `auto`. */
  total: number;
  /** The shards this machine runs: DISCORD_SHARD_IDS, or all of them. */
  ids: number[];
}

/**
 * The shards `npm start` runs here. `auto` asks Discord (at DISCORD_API_URL when set; discord.js's own
 * `fetchRecommendedShardCount` always asks discord.com) and also checks the token before any child starts.
 */
export async function planShards(config: Config): Promise<ShardPlan> {
  const token = config.DISCORD_TOKEN ?? "";
  let total: number;
  if (config.DISCORD_SHARDS === "auto") {
    const rest = new REST(restOptions(config.DISCORD_API_URL)).setToken(token);
    let raw: unknown;
    try {
      raw = await rest.get(Routes.gatewayBot());
    } catch (error) {
      throw explainDiscordError(error, { action: "asking Discord how many shards to run (DISCORD_SHARDS=auto)" });
    }
    const parsed = GatewayBot.safeParse(raw);
    if (!parsed.success) throw new CitebotError(ErrorCode.PlatformPayloadInvalid, `Discord's shard recommendation was not what citebot expects: ${parsed.error.message}`);
    total = parsed.data.shards;
  } else {
    total = config.DISCORD_SHARDS ?? 1;
  }
  const ids = config.DISCORD_SHARD_IDS.length > 0 ? config.DISCORD_SHARD_IDS : [...Array(total).keys()];
  const beyond = ids.filter((id) => id >= total);
  if (beyond.length > 0) {
    throw new CitebotError(ErrorCode.ConfigInvalid, `DISCORD_SHARD_IDS: ${beyond.join(",")} beyond the ${total} shards Discord recommends (DISCORD_SHARDS=auto); ids run from 0 to ${total - 1}`);
  }
  return { total, ids };
}

export interface DiscordShardsParts {
  /** The module each child runs: `npm start`'s own main.ts. */
  file: string;
  /** Node flags for the children (`--import tsx` under `npm start`). */
  execArgv: string[];
  token: string;
  /** The parent's health: its `discord` entry sums up the shards. */
  health: Health;
  logger: Logger;
}

export interface DiscordShards {
  /** Resolves once every shard has connected to the gateway once. */
  readonly ready: Promise<void>;
  /** Each shard's state, for `/healthz` and tests. */
  states(): ReadonlyMap<number, PlatformState>;
  /** Sends each child SIGTERM (each drains its answers in progress as a lone process would) and waits for all to exit; the worst exit code. */
  stop(): Promise<number>;
}

/** Worst first: the state `/healthz` reports for Discord is the worst of its shards'. */
const SEVERITY: PlatformState[] = ["stopped", "retrying", "connecting", "ready"];

/**
 * Runs the planned shards through discord.js's ShardingManager: one child process per shard, each a citebot process
 * running Discord alone with the shard id and count discord.js passes it (SHARDS, SHARD_COUNT). A child that dies is
 * respawned by the manager; `/healthz` reports each shard's state.
 */
export function startDiscordShards(parts: DiscordShardsParts, plan: ShardPlan): DiscordShards {
  const log = parts.logger.child({ component: "discord-shards" });
  const manager = new ShardingManager(parts.file, {
    totalShards: plan.total,
    shardList: plan.ids,
    mode: "process",
    respawn: true,
    shardArgs: [`--${SHARD_CHILD_OPTION}`],
    execArgv: parts.execArgv,
    token: parts.token,
  });
  const states = new Map<number, { state: PlatformState; detail?: string }>(plan.ids.map((id) => [id, { state: "connecting" }]));
  let stopping = false;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const report = () => {
    const worst = SEVERITY.find((state) => [...states.values()].some((shard) => shard.state === state)) ?? "connecting";
    const notReady = [...states.entries()].filter(([, shard]) => shard.state !== "ready").map(([id, shard]) => `shard ${id}: ${shard.detail ?? shard.state}`);
    parts.health.setPlatform("discord", worst, notReady.length > 0 ? notReady.join("; ") : undefined);
    if (worst === "ready") markReady();
  };
  const set = (id: number, state: PlatformState, detail?: string) => {
    states.set(id, { state, ...(detail ? { detail } : {}) });
    report();
  };

  manager.on("shardCreate", (shard: Shard) => {
    shard.on("spawn", () => {
      log.info({ shard: shard.id, shardPid: shard.process?.pid, of: plan.total }, `Discord shard ${shard.id} of ${plan.total} started`);
      set(shard.id, "connecting");
    });
    shard.on("ready", () => {
      log.info({ shard: shard.id }, `Discord shard ${shard.id} connected`);
      set(shard.id, "ready");
    });
    shard.on("resume", () => set(shard.id, "ready"));
    shard.on("reconnecting", () => set(shard.id, "retrying", "gateway connection lost; reconnecting"));
    shard.on("disconnect", () => set(shard.id, "stopped", "gateway closed for good"));
    shard.on("death", (child) => {
      if (stopping) return;
      const exitCode = "exitCode" in child ? child.exitCode : null;
      log.error({ shard: shard.id, exitCode }, `Discord shard ${shard.id} exited (code ${exitCode}); starting it again`);
      set(shard.id, "retrying", `process exited with code ${exitCode}; restarting`);
    });
    shard.on("error", (error: unknown) => log.error({ err: error, shard: shard.id }, `Discord shard ${shard.id} could not be restarted`));
  });
  report();

  // Spawned one by one as ShardingManager.spawn does, but a stop during the spacing ends the loop rather than wait
  // for every remaining shard to start. Children are not awaited to READY (the timeout of -1): a child keeps
  // retrying through a Discord outage, as one process does, while /healthz says so.
  const spacing = new AbortController();
  const spawned = (async () => {
    for (const [index, id] of plan.ids.entries()) {
      if (index > 0) await sleep(SPAWN_SPACING_MS, undefined, { signal: spacing.signal });
      if (stopping) return;
      await manager.createShard(id).spawn(-1);
    }
  })().catch((error: unknown) => {
    if (stopping) return;
    log.error({ err: error }, "could not start the Discord shards");
    throw error;
  });

  return {
    ready: Promise.all([spawned, ready]).then(() => undefined),
    states: () => new Map([...states].map(([id, shard]) => [id, shard.state])),
    async stop() {
      stopping = true;
      manager.respawn = false;
      spacing.abort();
      await spawned.catch(() => undefined);
      const codes = await Promise.all(
        [...manager.shards.values()].map(async (shard) => {
          const child = shard.process;
          if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? 0;
          const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
          child.kill("SIGTERM");
          const [code] = await exited;
          set(shard.id, "stopped");
          return code ?? 1;
        }),
      );
      return Math.max(0, ...codes);
    },
  };
}
