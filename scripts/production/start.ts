/**
 * `npm start`: the production server, bundled to start.mjs beside Next's standalone
 * server.js, so that it runs with Node alone (no tsx, no TypeScript sources, no dev
 * dependencies):
 *
 *   node .next/standalone/start.mjs [--port 3000] [--hostname 0.0.0.0]
 *
 * It reads .env, refuses an unsafe configuration with a message saying what to do, starts
 * the embedded PostgreSQL when asked to (PAPERBOARD_EMBEDDED_DB=1, one small box), then
 * runs server.js. server.js alone works too (instrumentation.ts validates and migrates at
 * start): this wrapper adds the .env file, the embedded database and the command line.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { productionRefusals } from "../../lib/server/production-refusals";
import { loadProductionEnv, openProductionDatabase, standaloneDir } from "./database";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
if (values.port !== undefined) process.env.PORT = values.port;
const env = loadProductionEnv();

const early = productionRefusals({
  ...env,
  DATABASE_URL: env.DATABASE_URL ?? (env.PAPERBOARD_EMBEDDED_DB ? "postgres://embedded" : undefined),
});
if (early.length > 0) {
  console.error(`Paperboard refuses to start:\n${early.map((refusal) => `  - ${refusal}`).join("\n")}`);
  process.exit(1);
}
const database = await openProductionDatabase(env);

// The preload stamps each request's TCP peer and refuses malformed paths before Next routes
// (scripts/server-preload.mjs).
const server = spawn(
  process.execPath,
  [
    "--import",
    pathToFileURL(path.join(standaloneDir, "server-preload.mjs")).href,
    path.join(standaloneDir, "server.js"),
  ],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: database!.url,
      PORT: String(env.PORT),
      // Not $HOSTNAME as the shell or container left it (the machine's name): server.js
      // binds to HOSTNAME, and every interface is what a server behind a proxy or in a
      // container needs. --hostname 127.0.0.1 keeps it on loopback.
      HOSTNAME: values.hostname ?? "0.0.0.0",
      // Idle keep-alive connections are closed after 65 s, not Node's 5 s: a client or proxy
      // that reuses a connection just as the server closes it gets a reset (seen in the e2e
      // suite). Keep it above the proxy's upstream keepalive_timeout (nginx: 60 s).
      KEEP_ALIVE_TIMEOUT: process.env.KEEP_ALIVE_TIMEOUT ?? "65000",
    },
  },
);
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  server.kill(signal);
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
server.on("exit", (code, signal) => {
  void database!.stop().finally(() => process.exit(code ?? (signal ? 0 : 1)));
});
