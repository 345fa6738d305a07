-- Rate-limit counters are worth nothing after a crash (PostgreSQL empties an unlogged
-- table on crash recovery) and are written on every vote, comment and submission: without
-- WAL, their upsert no longer waits for a disk flush.
ALTER TABLE "rate_limit_counters" SET UNLOGGED;
