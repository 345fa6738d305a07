import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".next-*/**",
    ".data/**",
    "node_modules/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Playwright fixtures hand their value to the test through a callback named `use`, which
    // is not React's `use` hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // testing/ is test code (fixture servers, test databases, the reference ranking): the
    // product never depends on it; only tests (and the e2e harness, outside these folders) do.
    files: ["app/**", "components/**", "lib/**", "db/**", "scripts/**", "*.ts"],
    ignores: ["**/*.test.ts", "*.config.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "(^|/)testing/", message: "testing/ is test code; the product never imports it." }] },
      ],
    },
  },
]);
