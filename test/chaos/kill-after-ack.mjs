// Loaded into `npm start` by the chaos tests only (NODE_OPTIONS=--import=…): kills the process (-9) the moment it
// has acknowledged CHAOS_KILL_AFTER_ACKS votes, so a test can check that what was acknowledged is on disk.
// A Slack vote is acknowledged by the HTTP response to its request: the kill comes inside the same call that hands
// the response to the socket, so nothing the bot meant to do after acking runs. A Discord vote is acknowledged by
// the interaction callback the bot sends (seen through undici's diagnostics channel once Discord answered it).
// Plain JavaScript, because NODE_OPTIONS also reaches npm's own node, which has no TypeScript loader.
import diagnostics from "node:diagnostics_channel";
import http from "node:http";

const limit = Number(process.env.CHAOS_KILL_AFTER_ACKS ?? 0);
let acks = 0;
const acked = () => {
  acks += 1;
  if (acks >= limit) process.kill(process.pid, "SIGKILL");
};

if (limit > 0) {
  const end = http.ServerResponse.prototype.end;
  http.ServerResponse.prototype.end = function endThenMaybeDie(...args) {
    const request = this.req;
    const result = end.apply(this, args);
    if (request?.method === "POST" && String(request.headers["content-type"]).startsWith("application/x-www-form-urlencoded") && this.statusCode === 200) acked();
    return result;
  };
  diagnostics.subscribe("undici:request:headers", ({ request }) => {
    if (request.method === "POST" && /\/interactions\/\d+\/[^/]+\/callback(\?|$)/.test(request.path)) acked();
  });
}
