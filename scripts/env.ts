import nextEnv from "@next/env";
import { EnvError, getEnv, type Env } from "../lib/env";

/**
 * Command-line entry points read .env files the way Next.js does, then validate once.
 * A wrong variable ends the command with a message naming it.
 */
export function loadScriptEnv(mode: "development" | "production" = "development"): Env {
  nextEnv.loadEnvConfig(process.cwd(), mode === "development", { info: () => {}, error: console.error });
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
