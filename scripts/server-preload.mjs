/**
 * Preloaded into the production server (`node --import ./server-preload.mjs …`, as `npm start`,
 * the e2e server and the benchmark run it): the two things Next's own server does not do and
 * no code of ours can do later, because they happen before any route runs. Plain JavaScript,
 * so that it needs neither tsx nor TypeScript sources.
 *
 * 1. The TCP peer, for per-IP rate limits. Next exposes no socket address to route handlers;
 *    it only fills `x-forwarded-for` from the socket when the client sent none, so a client
 *    can choose its own "address". Here every request gets the socket's address in
 *    `x-paperboard-peer-address`, after any copy the client sent is deleted, and the process
 *    is marked as stamping (lib/http/request-ip.ts reads both; X-Forwarded-For is then believed
 *    only as far as TRUSTED_PROXIES allows).
 * 2. Malformed percent-encoding. Next answers a path such as `/u/%E3%80` or `/api/papers/%FF`
 *    with a bare 500 before any route runs. Such a path names nothing: a 400 here, in the
 *    API's error shape (`{"error", "field"}`), for pages too: the JSON API is not only under
 *    /api/ (`/papers/{id}.md` is documented), and a reader never typed such a URL.
 *
 * 3. Stored compressed pages. Next drops a Content-Encoding header set by proxy.ts (or a
 *    route handler) and compresses every response again, so a page kept compressed by the
 *    page cache (lib/cache/shared-pages.ts) would be compressed twice, or its bytes paid for
 *    again on every answer (the home page is about 150 kB of HTML, a few ms of gzip each). Here a
 *    response header `x-paperboard-content-encoding` becomes Content-Encoding as Next sets
 *    it, before its compression looks (it leaves an encoded body alone). The process is
 *    marked, so that the page cache sends compressed bytes only where this runs.
 *
 * 1 and 2 hook the "request" event of every HTTP server in this process, which is the only
 * place Next leaves open under `next start` and the standalone server.js alike; 3 the
 * responses' setHeader.
 */
import http from "node:http";

const PEER_ADDRESS_HEADER = "x-paperboard-peer-address";
globalThis[Symbol.for("paperboard.peerAddressStamped")] = true;

function hasMalformedPath(url) {
  const path = (url ?? "/").split(/[?#]/, 1)[0];
  try {
    for (const segment of path.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

const PRECOMPRESSED_HEADER = "x-paperboard-content-encoding";
globalThis[Symbol.for("paperboard.precompressedPassThrough")] = true;

const setHeader = http.ServerResponse.prototype.setHeader;
http.ServerResponse.prototype.setHeader = function setHeaderWithEncoding(name, value) {
  if (
    typeof name === "string" &&
    name.length === PRECOMPRESSED_HEADER.length &&
    name.toLowerCase() === PRECOMPRESSED_HEADER
  )
    return setHeader.call(this, "content-encoding", value);
  return setHeader.call(this, name, value);
};

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithPeer(event, request, response, ...rest) {
  if (event === "request" && request && response) {
    delete request.headers[PEER_ADDRESS_HEADER];
    if (request.socket?.remoteAddress) request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress;
    if (hasMalformedPath(request.url)) {
      response.writeHead(400, {
        "content-type": "application/json",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      response.end(JSON.stringify({ error: "Malformed percent-encoding in the URL path.", field: "path" }));
      return true;
    }
  }
  return emit.call(this, event, request, response, ...rest);
};
