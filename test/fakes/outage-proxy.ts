import net from "node:net";

/**
 * A loopback TCP proxy that stands for the network between citebot and a platform: while `down`, every connection
 * is reset as soon as it opens (what a client sees during an outage); while up, bytes pass through untouched
 * (HTTP and WebSocket alike).
 */
export interface OutageProxy {
  /** `http://127.0.0.1:<port>` followed by the target URL's path, for SLACK_API_URL or DISCORD_API_URL. */
  url: string;
  /** Connections refused so far. */
  readonly refused: number;
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startOutageProxy(targetUrl: string, options: { down?: boolean } = {}): Promise<OutageProxy> {
  const target = new URL(targetUrl);
  let down = options.down ?? false;
  let refused = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    if (down) {
      refused += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    get refused() {
      return refused;
    },
    setDown(value) {
      down = value;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
