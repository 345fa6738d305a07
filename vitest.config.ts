import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside Next's server bundle; tests are server code.
      "server-only": path.join(root, "testing/server-only-stub.ts"),
    },
  },
  test: {
    // Exactly the folders that hold tests: unit and integration tests beside the modules they
    // test (lib/, db/) and the tests of the test helpers themselves (testing/).
    include: ["{lib,db,testing}/**/*.test.ts"],
    globalSetup: ["./testing/vitest-global-setup.ts"],
    pool: "forks",
    // next-auth imports "next/server" without an extension, which Node's ESM resolver
    // refuses; letting Vite transform it resolves it the way Next's bundler does.
    server: { deps: { inline: ["next-auth", "@auth/core"] } },
    // Nothing reaches the internet: a submission's star read meets a closed loopback port
    // (lib/papers/github-stars.test.ts starts its own fake GitHub API).
    env: { GITHUB_API_URL: "http://127.0.0.1:9" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
