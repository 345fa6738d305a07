import { describe, expect, it } from "vitest";
import {
  MAX_WALK_WINDOW,
  candidateStrategy,
  lexemeFrequencies,
  plainQuery,
  type LexemeStats,
} from "@/lib/browse/search-strategy";

const CANDIDATES = 500;
const stats = (papers: number, frequencies: Record<string, number>): LexemeStats => ({
  papers,
  frequencies: new Map(Object.entries(frequencies)),
});

describe("plainQuery", () => {
  it("reads one word, a plain AND and a plain OR from querytree()'s text", () => {
    expect(plainQuery("'transform'")).toEqual({ operator: "and", lexemes: ["transform"] });
    expect(plainQuery("'attent' & 'mechan'")).toEqual({ operator: "and", lexemes: ["attent", "mechan"] });
    expect(plainQuery("'attent' | 'mechan'")).toEqual({ operator: "or", lexemes: ["attent", "mechan"] });
    expect(plainQuery("'o''neil'")).toEqual({ operator: "and", lexemes: ["o'neil"] });
  });

  it("refuses negation, phrases, prefixes and mixed operators (they take the index)", () => {
    expect(plainQuery("'attent' & !'mechan'")).toBeNull();
    expect(plainQuery("'attent' <-> 'mechan'")).toBeNull();
    expect(plainQuery("'attent':*")).toBeNull();
    expect(plainQuery("'a' & 'b' | 'c'")).toBeNull();
    expect(plainQuery("T")).toBeNull();
    expect(plainQuery("")).toBeNull();
  });
});

describe("candidateStrategy", () => {
  it("walks the newest papers for a word in most of many papers: the posting list would cost every paper", () => {
    const strategy = candidateStrategy(
      { operator: "and", lexemes: ["transform"] },
      stats(300_000, { transform: 0.95 }),
      CANDIDATES,
    );
    expect(strategy.kind).toBe("newest");
    // About 526 rows expected; the window allows four times that, never more than the cap.
    expect(strategy.kind === "newest" && strategy.window).toBe(2_106);
  });

  it("keeps the index on a small table, where the posting list is short", () => {
    expect(
      candidateStrategy({ operator: "and", lexemes: ["transform"] }, stats(30_000, { transform: 0.95 }), CANDIDATES),
    ).toEqual({ kind: "index" });
  });

  it("keeps the index for a word ANALYZE did not find common, alone or in an AND", () => {
    const common = { transform: 0.95 };
    expect(candidateStrategy({ operator: "and", lexemes: ["noether"] }, stats(3_000_000, common), CANDIDATES)).toEqual({
      kind: "index",
    });
    expect(
      candidateStrategy({ operator: "and", lexemes: ["transform", "noether"] }, stats(3_000_000, common), CANDIDATES),
    ).toEqual({ kind: "index" });
  });

  it("keeps the index for a mid-frequency word until the table is large enough that its posting list costs more", () => {
    const word = { operator: "and" as const, lexemes: ["graph"] };
    expect(candidateStrategy(word, stats(300_000, { graph: 0.25 }), CANDIDATES)).toEqual({ kind: "index" });
    expect(candidateStrategy(word, stats(2_500_000, { graph: 0.25 }), CANDIDATES)).toEqual({
      kind: "newest",
      window: MAX_WALK_WINDOW,
    });
  });

  it("counts an OR's every posting list, and its rare words as adding nothing", () => {
    const or = { operator: "or" as const, lexemes: ["attent", "mechan"] };
    expect(candidateStrategy(or, stats(300_000, { attent: 0.95 }), CANDIDATES).kind).toBe("newest");
    expect(
      candidateStrategy({ operator: "or", lexemes: ["noether", "zzz"] }, stats(300_000, { attent: 0.95 }), CANDIDATES),
    ).toEqual({ kind: "index" });
  });

  it("refuses a walk whose capped window could not hold the candidates at the expected share", () => {
    // Two common words taken as independent: 0.3 × 0.3 = 9 % of papers, 5,556 rows expected.
    const and = { operator: "and" as const, lexemes: ["a", "b"] };
    expect(candidateStrategy(and, stats(50_000_000, { a: 0.3, b: 0.3 }), CANDIDATES)).toEqual({ kind: "index" });
  });

  it("takes the index without a query, without statistics or on an empty table", () => {
    expect(candidateStrategy(null, stats(300_000, { transform: 0.95 }), CANDIDATES)).toEqual({ kind: "index" });
    expect(
      candidateStrategy({ operator: "and", lexemes: ["transform"] }, stats(0, { transform: 0.95 }), CANDIDATES),
    ).toEqual({ kind: "index" });
    expect(candidateStrategy({ operator: "and", lexemes: ["transform"] }, stats(300_000, {}), CANDIDATES)).toEqual({
      kind: "index",
    });
  });
});

describe("lexemeFrequencies", () => {
  it("pairs each element with its frequency and drops pg_stats' three trailing summary values", () => {
    const map = lexemeFrequencies(["attent", "transform"], [0.9, 0.95, 0.1, 0.95, 0]);
    expect([...map]).toEqual([
      ["attent", 0.9],
      ["transform", 0.95],
    ]);
    expect(lexemeFrequencies(null, null).size).toBe(0);
  });
});
