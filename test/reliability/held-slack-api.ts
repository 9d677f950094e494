import { EventEmitter, once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback proxy in front of the fake Slack Web API that holds every call to one method until released,
 * so a test can keep an answer in flight (a child process waiting on Slack) for as long as it needs.
 */
export interface HeldSlackApi {
  /** Base for SLACK_API_URL. */
  apiUrl: string;
  /** Resolves once a call to the held method has arrived and is being held. */
  held(): Promise<void>;
  /** Lets held calls (and later ones) through. */
  release(): void;
  close(): Promise<void>;
}

export async function holdSlackMethod(fakeApiUrl: string, method: string): Promise<HeldSlackApi> {
  const target = new URL(fakeApiUrl);
  const events = new EventEmitter();
  let released = false;
  let holding = 0;
  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => {
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${req.url?.replace(/^\/api\//, "") ?? ""}`, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    upstream.end(body);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (released || !req.url?.endsWith(`/${method}`)) return forward(req, res, body);
      holding += 1;
      events.emit("held");
      events.once("release", () => forward(req, res, body));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    held: async () => {
      if (holding === 0) await once(events, "held");
    },
    release: () => {
      released = true;
      events.emit("release");
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
