import path from "node:path";

/**
 * The command line of the production server, for the scripts and tests that start it as a
 * child process (`npm start` through scripts/serve.ts, the e2e server, the benchmark):
 * `process.execPath` with these arguments. The one place that says how production is
 * served: Next's own server (`next start`), nothing in front of it but the preload that
 * stamps the TCP peer and refuses malformed paths (scripts/server-preload.mjs). Node flags
 * (e.g. --cpu-prof) go first.
 */
export function appServerArgs(options: { port: number; hostname?: string; nodeArgs?: string[] }): string[] {
  return [
    ...(options.nodeArgs ?? []),
    "--import",
    path.join(process.cwd(), "scripts/server-preload.mjs"),
    path.join(process.cwd(), "node_modules/next/dist/bin/next"),
    "start",
    "--port",
    String(options.port),
    // As start.mjs does: idle keep-alive connections live 65 s, not 5 s (scripts/production/start.ts).
    "--keepAliveTimeout",
    "65000",
    ...(options.hostname ? ["--hostname", options.hostname] : []),
  ];
}
