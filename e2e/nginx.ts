import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * nginx from the system's packages (Debian's `nginx`), run as a child process with a
 * configuration of its own on loopback: deploy/nginx/paperboard.conf.template (the file
 * the docs and compose.yaml use) filled in, inside a minimal main configuration.
 */

export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

/** Fills in a template's ${NAME} placeholders as envsubst does; an unknown name is an error. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for \${${name}}`);
    return value;
  });
}

export async function startNginx(options: {
  port: number;
  upstreams: number[];
}): Promise<{ accessLog(): string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "paperboard-nginx-"));
  // nginx's workers drop to an unprivileged user when the master runs as root.
  chmodSync(dir, 0o777);
  const site = fillTemplate(readFileSync(path.join(process.cwd(), "deploy/nginx/paperboard.conf.template"), "utf8"), {
    PAPERBOARD_UPSTREAM_SERVERS: options.upstreams.map((port) => `server 127.0.0.1:${port};`).join(" "),
    PAPERBOARD_LISTEN: `127.0.0.1:${options.port}`,
    PAPERBOARD_ACCESS_LOG: path.join(dir, "access.log"),
  });
  writeFileSync(path.join(dir, "paperboard.conf"), site);
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/paperboard.conf;
}
`,
  );
  const child: ChildProcess = spawn(
    NGINX,
    ["-c", path.join(dir, "nginx.conf"), "-p", dir, "-e", path.join(dir, "error.log")],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`nginx exited (${child.exitCode}): ${output}${safeRead(path.join(dir, "error.log"))}`);
    try {
      await fetch(`http://127.0.0.1:${options.port}/api/health`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not listen on ${options.port}: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    accessLog: () => safeRead(path.join(dir, "access.log")),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        // QUIT: a graceful stop, as `nginx -s quit` sends.
        child.kill("SIGQUIT");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
