import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger.js";

export type PlatformName = "slack" | "discord";

/** `connecting` until the platform accepted the token and the connection is up; `retrying` while it is unreachable. */
export type PlatformState = "connecting" | "retrying" | "ready" | "stopped";

export interface PlatformStatus {
  state: PlatformState;
  /** Why it is not ready, e.g. "ECONNREFUSED; next attempt in 4 s". */
  detail?: string;
}

export interface HealthReport {
  ok: boolean;
  indexLoaded: boolean;
  documents: number;
  uptimeSeconds: number;
  /** True from SIGTERM/SIGINT on: a load balancer should send new work elsewhere. */
  draining: boolean;
  platforms: Partial<Record<PlatformName, PlatformStatus>>;
  /** The durable store, as last checked; absent without one (the terminal chat). */
  store?: StoreStatus;
  /** The index generation being served (the CURRENT one on disk, as last checked). */
  indexGeneration?: string;
}

/** The store at its last check: `unreachable` makes the process unhealthy, since answers would lose their threads and buttons. */
export type StoreStatus = { state: "ok"; kind: string; latencyMs: number } | { state: "unreachable"; kind: string; detail: string };

/** What `GET /healthz` reports: the index, each platform's connection, and whether the process is stopping. */
export interface Health {
  setPlatform(name: PlatformName, state: PlatformState, detail?: string): void;
  setDraining(): void;
  report(): HealthReport;
}

export interface HealthOptions {
  /** Documents in the loaded index; 0 while it loads. */
  documents: () => number;
  /** The store's status at its last check; undefined when there is no store or it was not checked yet. */
  store?: () => StoreStatus | undefined;
  indexGeneration?: () => string | undefined;
  now?: () => number;
}

export function createHealth(options: HealthOptions): Health {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const platforms: Partial<Record<PlatformName, PlatformStatus>> = {};
  let draining = false;
  return {
    setPlatform(name, state, detail) {
      platforms[name] = detail ? { state, detail } : { state };
    },
    setDraining() {
      draining = true;
    },
    report() {
      let documents: number;
      try {
        documents = options.documents();
      } catch {
        documents = 0;
      }
      const connected = Object.values(platforms).every((status) => status.state === "ready");
      const store = options.store?.();
      const generation = options.indexGeneration?.();
      return {
        ok: documents > 0 && connected && !draining && store?.state !== "unreachable",
        indexLoaded: documents > 0,
        documents,
        uptimeSeconds: Math.round((now() - startedAt) / 1000),
        draining,
        platforms: { ...platforms },
        ...(store ? { store } : {}),
        ...(generation ? { indexGeneration: generation } : {}),
      };
    },
  };
}

/** `GET /healthz`: 200 when ready to answer, else 503; the body says which part is not ready and why. */
export function serveHealth(health: Health, res: http.ServerResponse): void {
  const report = health.report();
  res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(report));
}

export const HEALTH_PATH = "/healthz";

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A listener for `/healthz` alone, for when no Slack HTTP server carries it (Socket Mode, Discord only). Health is
 * an aid, not the service: a port already in use is logged and the bot runs on without it.
 */
export async function startHealthServer(options: { port: number; host?: string; health: Health; logger: Logger }): Promise<HealthServer | undefined> {
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && new URL(req.url ?? "/", "http://localhost").pathname === HEALTH_PATH) return serveHealth(options.health, res);
    res.writeHead(404).end();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    options.logger.warn({ err: error, port: options.port }, "could not serve /healthz (set PORT to a free port); the bot runs on without it");
    return undefined;
  }
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
