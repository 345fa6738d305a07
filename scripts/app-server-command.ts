import path from "node:path";

/**
 * The command line of the production app server (scripts/app-server.ts), for the scripts
 * and tests that start it as a child process: `process.execPath` with these arguments.
 * Node flags (e.g. --cpu-prof) go first.
 */
export function appServerArgs(options: { port: number; hostname?: string; nodeArgs?: string[] }): string[] {
  return [
    ...(options.nodeArgs ?? []),
    "--import",
    "tsx",
    path.join(process.cwd(), "scripts/app-server.ts"),
    "--port",
    String(options.port),
    ...(options.hostname ? ["--hostname", options.hostname] : []),
  ];
}
