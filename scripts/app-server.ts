/**
 * The production HTTP server (`npm start` runs it): Next's request handler, behind the home
 * page's micro-cache (lib/page-cache.ts), which answers signed-out visitors of `/` with a
 * copy compressed once instead of a render, or a compression, per request. Everything else
 * goes to Next as with `next start`, which still works on its own, without that cache.
 *
 *   node --import tsx scripts/app-server.ts [--port 3000] [--hostname 0.0.0.0]
 *
 * Runs without tsx's react-server condition (Next loads React itself), hence a process of
 * its own rather than a part of scripts/serve.ts.
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { serveCachedHome } from "../lib/page-cache";
import { markPeerAddressStamped, PEER_ADDRESS_HEADER } from "../lib/request-ip";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`app-server: invalid port ${JSON.stringify(values.port ?? process.env.PORT)}`);
  process.exit(2);
}
// Not $HOSTNAME: shells and containers set it to the machine's name. The cache renders the
// page by asking this very server at 127.0.0.1 (selfOrigin), which all interfaces include.
const hostname = values.hostname ?? "0.0.0.0";
process.env.PORT = String(port);
(process.env as Record<string, string>).NODE_ENV = "production";

const app = next({ dev: false, dir: process.cwd(), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

/**
 * Next answers a path whose percent-encoding is malformed (`/u/%E3%80`, `/api/papers/%FF`)
 * with a bare 500 before any route runs. Such a path names nothing: it is a 400 here, in the
 * API's error shape under /api/.
 */
function hasMalformedPath(url: string | undefined): boolean {
  const path = (url ?? "/").split(/[?#]/, 1)[0]!;
  try {
    for (const segment of path.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

// Next does not tell route handlers the TCP peer (lib/request-ip.ts): this server does, in a
// header no client can set, since any copy it sent is replaced here.
markPeerAddressStamped();

const server = createServer((request, response) => {
  delete request.headers[PEER_ADDRESS_HEADER];
  if (request.socket.remoteAddress) request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress;
  if (hasMalformedPath(request.url)) {
    const api = request.url?.startsWith("/api/") ?? false;
    response.writeHead(400, { "content-type": api ? "application/json" : "text/plain; charset=utf-8", "cache-control": "no-store" });
    response.end(api ? JSON.stringify({ error: "Malformed percent-encoding in the URL path.", field: "path" }) : "Bad request: malformed percent-encoding in the URL path.\n");
    return;
  }
  serveCachedHome(request, response)
    .then((served) => (served ? undefined : handle(request, response)))
    .catch((error: unknown) => {
      console.error("[app-server]", error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("Internal error.");
    });
});
server.listen(port, hostname, () => {
  console.log(`▲ Paperboard on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    void app.close().finally(() => process.exit(0));
  });
}
