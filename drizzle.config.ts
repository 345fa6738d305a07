import { defineConfig } from "drizzle-kit";

// Only `npm run db:generate` uses this file; it writes SQL into drizzle/ to be reviewed and
// committed. Migrations are applied by db/migrate.ts, never by `drizzle-kit push`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./drizzle",
  strict: true,
});
