import { describe, expect, it } from "vitest";
import { addDays, addMonths, addWeeks, parseDay, parseMonth, parseWeek, weekOf, weekLabel } from "./periods";

describe("periods", () => {
  it("parses real days and refuses impossible ones", () => {
    expect(parseDay("2026-11-20")?.start.toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(parseDay("2024-02-29")).not.toBeNull();
    for (const bad of ["2026-02-30", "2025-02-29", "2026-13-01", "2026-1-01", "20261120", "", "2026-11-20T00:00"]) {
      expect(parseDay(bad), bad).toBeNull();
    }
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("follows ISO weeks across year boundaries", () => {
    expect(parseWeek("2026-W01")?.start.toISOString()).toBe("2025-12-29T00:00:00.000Z");
    expect(weekOf(new Date("2027-01-01T12:00:00Z"))).toBe("2026-W53");
    expect(parseWeek("2026-W53")).not.toBeNull();
    expect(parseWeek("2025-W53")).toBeNull();
    expect(parseWeek("2026-W00")).toBeNull();
    expect(weekOf(new Date("2026-11-27T00:00:00Z"))).toBe("2026-W48");
    expect(addWeeks("2026-W53", 1)).toBe("2027-W01");
    expect(weekLabel("2026-W48")).toBe("Week 48, 2026 (23 Nov – 29 Nov)");
  });

  it("parses months", () => {
    expect(parseMonth("2026-02")?.end.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(parseMonth("2026-00")).toBeNull();
    expect(parseMonth("2026-13")).toBeNull();
    expect(addMonths("2026-12", 1)).toBe("2027-01");
  });
});
