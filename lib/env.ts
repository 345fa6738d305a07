import { z } from "zod";
import { parseTrustedProxies, type TrustedProxies } from "@/lib/http/trusted-proxies";

/**
 * Every environment variable Paperboard reads, validated in one place. Modules read
 * configuration through `getEnv()`, never `process.env` directly, so that a wrong value
 * stops the app at start with a message naming the variable (scripts/serve.ts and
 * instrumentation.ts call `getEnv()` first). `.env.example` documents each variable.
 */

const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const optionalUrl = optionalText.pipe(z.url().optional());

const logLevel = z
  .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent", ""])
  .optional()
  .transform((value) => (value === undefined || value === "" ? "info" : value));

const nodeEnv = z.enum(["development", "production", "test"]).default("development");

export const envSchema = z
  .object({
    NODE_ENV: nodeEnv,
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    SITE_URL: optionalUrl,
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
    /**
     * "transaction" behind PgBouncer (or any pooler) in transaction mode: a server connection
     * changes between transactions, so named prepared statements are turned off.
     */
    DATABASE_POOLER: z
      .enum(["transaction", "session", "none", ""])
      .optional()
      .transform((value) => (value === "transaction" ? ("transaction" as const) : ("none" as const))),
    /** Production without DATABASE_URL: start the embedded PostgreSQL (one small box) instead of refusing. */
    PAPERBOARD_EMBEDDED_DB: booleanFlag,
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54320),
    AUTH_SECRET: optionalText.pipe(
      z.string().min(32, "must be at least 32 characters (try `openssl rand -base64 33`)").optional(),
    ),
    AUTH_GITHUB_ID: optionalText,
    AUTH_GITHUB_SECRET: optionalText,
    AUTH_GITHUB_ENTERPRISE_URL: optionalUrl,
    ADMIN_GITHUB_LOGINS: optionalText.transform((value) =>
      (value ?? "")
        .split(",")
        .map((login) => login.trim().toLowerCase())
        .filter(Boolean),
    ),
    DEMO_SIGN_IN: booleanFlag,
    /** Reverse proxies whose X-Forwarded-For is believed: a hop count or a CIDR list (lib/http/trusted-proxies.ts). */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((value, ctx): TrustedProxies => {
        const parsed = parseTrustedProxies(value);
        if (parsed.ok) return parsed.value;
        ctx.addIssue({ code: "custom", message: parsed.message });
        return z.NEVER;
      }),
    /**
     * Whether Auth.js may build its URLs from the request's Host (and X-Forwarded-Host)
     * header. Unset: only when AUTH_URL is unset, as Auth.js itself decides.
     */
    AUTH_TRUST_HOST: z
      .enum(["true", "false", "1", "0", ""])
      .optional()
      .transform((value) => (value === undefined || value === "" ? undefined : value === "true" || value === "1")),
    AUTH_URL: optionalUrl,
    TRENDING_HALF_LIFE_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
    TRENDING_WINDOW_DAYS: z.coerce.number().int().min(1).max(90).default(7),
    TRENDING_MIN_VOTES: z.coerce.number().min(0).max(1000).default(3),
    ARXIV_API_URL: optionalUrl.transform((value) => (value ?? "https://export.arxiv.org").replace(/\/+$/, "")),
    /** Pause between arXiv calls in bulk ingest; arXiv asks for 3 s. */
    ARXIV_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(3000),
    ARXIV_INGEST_CATEGORIES: optionalText.transform((value) =>
      (value ?? "")
        .split(",")
        .map((category) => category.trim())
        .filter(Boolean),
    ),
    /** GitHub's REST API, read for the stars of papers' code repositories (lib/papers/github-stars.ts). */
    GITHUB_API_URL: optionalUrl.transform((value) => (value ?? "https://api.github.com").replace(/\/+$/, "")),
    /** Optional: a token raises GitHub's limit from 60 to 5,000 requests an hour. */
    GITHUB_TOKEN: optionalText,
    SMTP_URL: optionalText.pipe(
      z
        .string()
        .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
        .optional(),
    ),
    MAIL_FROM: optionalText.pipe(
      z
        .string()
        .refine((value) => !/[\r\n]/.test(value), "must be one line")
        .optional(),
    ),
    CRON_SECRET: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    /** Bearer token of GET /api/metrics; unset, the endpoint answers 404. */
    METRICS_TOKEN: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
    /** OpenTelemetry: traces are exported (OTLP over HTTP) only when this is set. */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
    LOG_LEVEL: logLevel,
    /** Where `next build` wrote the build and `next start` reads it (`npm run bench` builds into its own). */
    NEXT_DIST_DIR: optionalText.transform((value) => value ?? ".next"),
    JOBS_ENABLED: z
      .enum(["true", "false", "1", "0", ""])
      .optional()
      .transform((value) => value === undefined || value === "" || value === "true" || value === "1"),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.AUTH_GITHUB_ID) !== Boolean(env.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.AUTH_GITHUB_ID ? "AUTH_GITHUB_SECRET" : "AUTH_GITHUB_ID"],
        message: "AUTH_GITHUB_ID and AUTH_GITHUB_SECRET must be set together",
      });
    }
  })
  .transform((env) => {
    const siteUrl = (env.SITE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
    return {
      ...env,
      SITE_URL: siteUrl,
      MAIL_FROM: env.MAIL_FROM ?? `Paperboard <paperboard@${new URL(siteUrl).hostname}>`,
    };
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(
      "Invalid configuration:\n" +
        issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join("\n") +
        "\nSee .env.example for every variable and its meaning.",
    );
    this.name = "EnvError";
  }
}

/** Pure: validates a raw environment. Throws EnvError naming each wrong variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? "environment"),
      message: issue.message,
    })),
  );
}

let cached: { env: Env; databaseUrl: string | undefined } | undefined;

/**
 * The validated environment of this process, parsed once. DATABASE_URL is the one variable a
 * process sets on itself after start (the commands and test setups that start their own
 * PostgreSQL point the process at it, db/client.ts opens it), so a change of it parses again.
 */
export function getEnv(): Env {
  const databaseUrl = process.env.DATABASE_URL;
  if (cached === undefined || cached.databaseUrl !== databaseUrl) cached = { env: parseEnv(process.env), databaseUrl };
  return cached.env;
}

/** For tests that change process.env: the next getEnv() parses it again. */
export function resetEnvCache(): void {
  cached = undefined;
}

/**
 * What the logger needs, read on its own: the logger must work while the rest of the
 * environment is being validated, to report what is wrong with it. A wrong value here falls
 * back to the default; getEnv() then refuses it with its message.
 */
export function getLoggerEnv(): { LOG_LEVEL: Env["LOG_LEVEL"]; NODE_ENV: Env["NODE_ENV"] } {
  const level = logLevel.safeParse(process.env.LOG_LEVEL?.trim());
  const mode = nodeEnv.safeParse(process.env.NODE_ENV);
  return { LOG_LEVEL: level.success ? level.data : "info", NODE_ENV: mode.success ? mode.data : "development" };
}
