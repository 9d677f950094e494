import http from "node:http";
import type { AddressInfo } from "node:net";

/** A load balancer in a few lines: each request goes to the next backend in turn, body and headers untouched. */
export interface RoundRobin {
  url: string;
  /** Which backend (index) each request went to, in order. */
  routed: number[];
  close(): Promise<void>;
}

export async function startRoundRobin(backends: () => string[]): Promise<RoundRobin> {
  const routed: number[] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    const targets = backends();
    const index = next++ % targets.length;
    routed.push(index);
    const target = new URL(req.url ?? "/", targets[index]);
    const forward = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
