import { readFileSync } from "node:fs";

/**
 * Output helpers for `npm run bench`: numbers, durations, a progress bar on stderr, a
 * plain aligned table, and how busy the machine is (/proc/stat). No dependencies.
 */

/** 1234567 → "1.2M", 4200 → "4.2k", 12 → "12". */
export function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${trim(value / 1e9)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  return String(Math.round(value));
}

function trim(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, "");
}

/** 1234567 → "1,234,567". */
export function grouped(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Milliseconds for humans: "842 ms", "12.3 s", "4 min 05 s". */
export function duration(ms: number): string {
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function ratio(value: number, reference: number): number {
  return reference > 0 ? value / reference : Number.NaN;
}

/** Times an async function in milliseconds (monotonic clock). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/**
 * `\r[####      ] 42% votes 4.2M/10M` on stderr. When stderr is not a terminal (a log
 * file) it prints one line per 10 % instead of rewriting the line.
 */
export class Progress {
  private lastDecile = -1;
  private readonly started = performance.now();
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly total: number,
  ) {}

  update(done: number): void {
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${this.label} ${compact(done)}/${compact(this.total)} (${duration(performance.now() - this.started)})`;
    if (this.tty) {
      process.stderr.write(`\r${line}\x1b[K`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      process.stderr.write(`${line}\n`);
    }
  }

  finish(): void {
    this.update(this.total);
    if (this.tty) process.stderr.write("\n");
  }
}

/** Prints rows as a plain text table, each column padded to its widest cell. */
export function table(header: string[], rows: string[][], align: ("left" | "right")[] = []): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? "").length)));
  const alignOf = (column: number) => align[column] ?? (column === 0 ? "left" : "right");
  const render = (row: string[]) =>
    row
      .map((cell, column) =>
        alignOf(column) === "left" ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [render(header), rule, ...rows.map(render)].join("\n");
}

export function log(message: string): void {
  console.log(`[bench] ${message}`);
}

function cpuTimes(): { idle: number; total: number } {
  // /proc/stat's first line: cpu user nice system idle iowait irq softirq steal …
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { idle, total: fields.slice(0, 8).reduce((sum, value) => sum + value, 0) };
  } catch {
    return { idle: 0, total: 0 };
  }
}

/** Share of the machine's CPU in use over `ms` (0–1), or null where /proc/stat is missing. */
export async function cpuBusy(ms = 2000): Promise<number | null> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = cpuTimes();
  const total = after.total - before.total;
  return total > 0 ? 1 - (after.idle - before.idle) / total : null;
}

/**
 * Waits until the machine is quiet (our own server and database idle, so whatever uses the
 * CPU is someone else), at most `maxWaitMs` (BENCH_QUIET_WAIT seconds, default 120; 0 on a
 * machine that is known to stay busy). Returns the last reading: measurements taken on a
 * busy machine are labelled as such.
 */
const QUIET_WAIT_MS = (() => {
  const seconds = Number(process.env.BENCH_QUIET_WAIT ?? "120");
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 120_000;
})();

export async function waitForQuiet(what: string, maxWaitMs = QUIET_WAIT_MS, threshold = 0.2): Promise<number | null> {
  const started = performance.now();
  let busy = await cpuBusy();
  let said = false;
  while (busy !== null && busy > threshold && performance.now() - started < maxWaitMs) {
    if (!said)
      log(
        `${what}: the machine is busy (${(busy * 100).toFixed(0)} % CPU used by other processes); waiting up to ${duration(maxWaitMs)} for it to calm down…`,
      );
    said = true;
    busy = await cpuBusy(5000);
  }
  if (said)
    log(
      `${what}: ${busy !== null && busy <= threshold ? "quiet now" : "still busy, measuring anyway"} (${((busy ?? 0) * 100).toFixed(0)} % CPU)`,
    );
  return busy;
}
