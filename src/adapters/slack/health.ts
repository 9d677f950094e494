import type { CustomRoute } from "@slack/bolt";
import type { Topic } from "../../engine/answer.js";

/** `GET /healthz` for load balancers: 200 while documents are indexed, 503 when the index is empty. */
export function healthRoute(topics: () => Topic[], startedAt: number, now: () => number = Date.now): CustomRoute {
  return {
    path: "/healthz",
    method: ["GET"],
    handler: (_req, res) => {
      let documents: number;
      try {
        documents = topics().length;
      } catch {
        documents = 0;
      }
      const body = { ok: documents > 0, indexLoaded: documents > 0, documents, uptimeSeconds: Math.round((now() - startedAt) / 1000) };
      res.writeHead(documents > 0 ? 200 : 503, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    },
  };
}
