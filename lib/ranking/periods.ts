/**
 * Calendar periods of the feeds, all in UTC: a day (YYYY-MM-DD), an ISO week (YYYY-Www,
 * weeks start on Monday, week 1 holds the year's first Thursday) and a month (YYYY-MM).
 * Pure; an impossible value (2026-02-30, 2026-W54, 2026-13) parses to null.
 */

import { z } from "zod";
import { formatDate } from "@/lib/format";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Period {
  /** Inclusive start. */
  start: Date;
  /** Exclusive end. */
  end: Date;
  key: string;
}

export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function parseDay(raw: string): Period | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!match) return null;
  const start = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(start.getTime()) || formatDay(start) !== raw) return null;
  return { start, end: new Date(start.getTime() + DAY_MS), key: raw };
}

export function addDays(day: string, days: number): string {
  return formatDay(new Date(parseDay(day)!.start.getTime() + days * DAY_MS));
}

export function today(now = new Date()): string {
  return formatDay(now);
}

/** Monday 00:00 UTC of ISO week 1 of `year`. */
function isoWeekOneStart(year: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const weekday = (jan4.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(jan4.getTime() - weekday * DAY_MS);
}

function isoWeeksInYear(year: number): number {
  return (isoWeekOneStart(year + 1).getTime() - isoWeekOneStart(year).getTime()) / (7 * DAY_MS);
}

export function parseWeek(raw: string): Period | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(raw);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > isoWeeksInYear(year)) return null;
  const start = new Date(isoWeekOneStart(year).getTime() + (week - 1) * 7 * DAY_MS);
  return { start, end: new Date(start.getTime() + 7 * DAY_MS), key: raw };
}

export function weekOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  // The ISO year is the year of this week's Thursday.
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - isoWeekOneStart(year).getTime()) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function addWeeks(week: string, weeks: number): string {
  return weekOf(new Date(parseWeek(week)!.start.getTime() + weeks * 7 * DAY_MS));
}

export function parseMonth(raw: string): Period | null {
  const match = /^(\d{4})-(\d{2})$/.exec(raw);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { start: new Date(Date.UTC(year, month - 1, 1)), end: new Date(Date.UTC(year, month, 1)), key: raw };
}

export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function addMonths(month: string, months: number): string {
  const { start } = parseMonth(month)!;
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, 1)));
}

// The site's one date format is lib/format.ts's "5 Dec 2026"; a week and a month are named
// with the same parts.
const MONTH = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
const SHORT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export function dayLabel(day: string): string {
  return formatDate(parseDay(day)!.start)!;
}

export function weekLabel(week: string): string {
  const { start, end } = parseWeek(week)!;
  return `Week ${Number(week.slice(6))}, ${week.slice(0, 4)} (${SHORT.format(start)} – ${SHORT.format(new Date(end.getTime() - DAY_MS))})`;
}

/** A short name for a period key, for previous/next links: "4 Dec 2026", "Week 48, 2026", "Nov 2026". */
export function periodKeyLabel(key: string): string {
  if (parseDay(key)) return dayLabel(key);
  if (parseWeek(key)) return `Week ${Number(key.slice(6))}, ${key.slice(0, 4)}`;
  if (parseMonth(key)) return monthLabel(key);
  return key;
}

export function monthLabel(month: string): string {
  return MONTH.format(parseMonth(month)!.start);
}

/** The periods as query fields: the same grammar and messages wherever a period is read. */
export const dayField = z.string().refine((value) => parseDay(value) !== null, "must be a real day as YYYY-MM-DD");
export const weekField = z.string().refine((value) => parseWeek(value) !== null, "must be an ISO week as YYYY-Www");
export const monthField = z.string().refine((value) => parseMonth(value) !== null, "must be a month as YYYY-MM");
