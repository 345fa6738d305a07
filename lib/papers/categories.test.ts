import { describe, expect, it } from "vitest";
import { categoryFrom, isCategory, withQuery } from "./categories";

describe("arXiv categories", () => {
  it("follows arXiv's grammar, case included", () => {
    for (const category of [
      "cs.LG",
      "stat.ML",
      "hep-th",
      "gr-qc",
      "q-fin.ST",
      "cond-mat.str-el",
      "physics.atom-ph",
      "nlin.CD",
      "eess.SP",
    ]) {
      expect(isCategory(category), category).toBe(true);
    }
    for (const category of ["CS.LG", "Cs", "cs.LGX", "cs..LG", "cs-.LG", "cs.LG ", "<b>", "cs.LG&x=1"]) {
      expect(isCategory(category), category).toBe(false);
    }
  });

  it("reads a page's category, ignoring a malformed or repeated one", () => {
    expect(categoryFrom({ category: "cs.LG" })).toBe("cs.LG");
    expect(categoryFrom({ category: "nope nope" })).toBeUndefined();
    expect(categoryFrom({ category: ["cs.LG", "cs.AI"] })).toBeUndefined();
    expect(categoryFrom({})).toBeUndefined();
  });

  it("builds links that keep only the parameters that are set", () => {
    expect(withQuery("/new", { category: "cs.LG", cursor: "abc" })).toBe("/new?category=cs.LG&cursor=abc");
    expect(withQuery("/new", { category: undefined, cursor: null })).toBe("/new");
    expect(withQuery("/", { category: "a&b" })).toBe("/?category=a%26b");
  });
});
