import postgres from "postgres";
import { e2e } from "./config";

/** A direct connection to the e2e database, for arranging data the UI cannot create. */
export function e2eSql() {
  return postgres(e2e.databaseUrl, { max: 2, onnotice: () => {} });
}
