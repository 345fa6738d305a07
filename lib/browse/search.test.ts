import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { paperAuthors, papers } from "@/db/schema";
import { listAuthorPapers, parseSearchQuery, searchPapers, snippetParts, MARK_END, MARK_START } from "./search";

const database = withTestDatabase();

async function addPaper(
  arxivId: string,
  title: string,
  abstract: string,
  authors: string[],
  extra: Partial<typeof papers.$inferInsert> = {},
) {
  const [row] = await database
    .db()
    .insert(papers)
    .values({ arxivId, title, abstract, ...extra })
    .returning({ id: papers.id });
  await database
    .db()
    .insert(paperAuthors)
    .values(authors.map((name, position) => ({ paperId: row!.id, position, name })));
}

const search = (params: Record<string, string>) => searchPapers(parseSearchQuery(new URLSearchParams(params)));
const ids = (result: Awaited<ReturnType<typeof searchPapers>>) => result.hits.map((hit) => hit.arxivId);

describe("search", () => {
  beforeAll(async () => {
    await addPaper(
      "2401.00001",
      "Sparse Widgets for Graph Learning",
      "We study learning on graphs.",
      ["Ada Lovelace", "Alan Turing"],
      { upvotes: 1, publishedOn: "2024-01-02" },
    );
    await addPaper(
      "2401.00002",
      "Dense Networks",
      "Our networks use sparse widgets inside a transformer.",
      ["Grace Hopper"],
      { upvotes: 9, publishedOn: "2024-03-01", codeUrl: "https://github.com/x/y" },
    );
    await addPaper("2401.00003", "Attention Transformers at Scale", "Scaling laws for attention.", ["Emmy Noether"], {
      publishedOn: "2023-06-01",
      categories: ["cs.LG"],
    });
    await addPaper("2401.00004", "Graph Widgets Without Sparsity", "Dense graph widgets.", ["Kurt Godel"], {
      publishedOn: "2022-01-01",
    });
    await addPaper(
      "2401.00005",
      "Attention Is All You Need",
      "We propose a new simple network architecture.",
      ["Ashish Vaswani"],
      { upvotes: 50 },
    );
    await addPaper(
      "2401.00006",
      "Long Documents with Sparse Attention",
      "Attention everywhere: attention heads attend with attention.",
      ["Iz Beltagy"],
      { upvotes: 80 },
    );
  });

  it("puts titles that say the query first: the exact title, then titles starting with it", async () => {
    expect(ids(await search({ q: "attention is all you need" }))[0]).toBe("2401.00005");
    // Both titles start with the word; the one readers upvoted ranks first among them.
    expect(ids(await search({ q: "Attention" })).slice(0, 3)).toEqual(["2401.00005", "2401.00003", "2401.00006"]);
    expect(ids(await search({ q: "attention" }))[0]).toBe("2401.00005");
  });

  it("counts the results", async () => {
    const result = await search({ q: "widgets", limit: "1" });
    expect(result.hits).toHaveLength(1);
    expect(result.total).toBe(3);
    expect(result.totalIsLowerBound).toBe(false);
  });

  it("shows snippets as plain text cut at words, never TeX source", async () => {
    await addPaper(
      "2401.00009",
      "Quadratic Costs",
      'Self-attention costs $O(n^2 \\cdot d)$ per layer, as M\\"uller showed. ' +
        "We then describe a long tail of further words that only pad this abstract out. ".repeat(12) +
        "The end.",
      ["Kurt Godel"],
    );
    const [hit] = (await search({ q: "quadratic costs layer" })).hits;
    const plain = hit!.snippet.replaceAll(MARK_START, "").replaceAll(MARK_END, "");
    expect(plain).toContain("O(n² · d)");
    expect(plain).toContain("Müller");
    expect(plain).not.toMatch(/[$\\]/);
    expect(plain).toMatch(/ …$/);
    const [tail] = (await search({ q: "end pad" })).hits;
    expect(tail!.snippet).toMatch(/^… /);
  });

  it("ranks a title match above an abstract match", async () => {
    expect(ids(await search({ q: "sparse widgets" })).slice(0, 2)).toEqual(["2401.00001", "2401.00002"]);
  });

  it("corrects a misspelled word to the papers' own spelling and says so", async () => {
    const result = await search({ q: "Transfromers at scale" });
    expect(result.fuzzy).toBe(true);
    expect(result.correctedQuery).toBe("transformers at scale");
    expect(ids(result)[0]).toBe("2401.00003");
    expect(result.hits[0]!.match).toBe("similar");
  });

  it("falls back to any of the words when they never meet in one paper, and finds nothing for gibberish", async () => {
    const result = await search({ q: "lovelace hopper" });
    expect(result).toMatchObject({ fuzzy: true, correctedQuery: null });
    expect(new Set(ids(result))).toEqual(new Set(["2401.00001", "2401.00002"]));
    expect(await search({ q: "zzzqqq xxyyzz" })).toEqual({
      hits: [],
      nextCursor: null,
      total: 0,
      totalIsLowerBound: false,
      fuzzy: true,
      correctedQuery: null,
    });
  });

  it("learns the words of new and edited papers and of added authors at once (the search_terms triggers)", async () => {
    expect((await search({ q: "Zwitterionc" })).hits).toEqual([]);
    await addPaper("2401.00007", "Zwitterionic Membranes", "Charged layers.", ["Rosalind Franklin"]);
    const typo = await search({ q: "Zwitterionc" });
    expect(typo.correctedQuery).toBe("zwitterionic");
    expect(ids(typo)).toEqual(["2401.00007"]);
    await database
      .db()
      .update(papers)
      .set({ abstract: "Charged layers of polyelectrolytes." })
      .where(eq(papers.arxivId, "2401.00007"));
    expect((await search({ q: "polyelektrolytes" })).correctedQuery).toBe("polyelectrolytes");
    const [paper] = await database.db().select({ id: papers.id }).from(papers).where(eq(papers.arxivId, "2401.00007"));
    await database.db().insert(paperAuthors).values({ paperId: paper!.id, position: 1, name: "Dorothy Hodgkin" });
    expect(ids(await search({ q: "Hodgkn" }))).toEqual(["2401.00007"]);
  });

  it("finds an author's papers by surname and by a partial name", async () => {
    expect(ids(await search({ q: "Lovelace" }))).toEqual(["2401.00001"]);
    expect(ids(await search({ q: "Noeth" }))).toContain("2401.00003");
    expect((await listAuthorPapers("grace hopper")).map((paper) => paper.arxivId)).toEqual(["2401.00002"]);
  });

  it("understands phrases, exclusion and OR", async () => {
    expect(ids(await search({ q: '"graph widgets"' }))).toEqual(["2401.00004"]);
    expect(ids(await search({ q: "widgets -graph" }))).toEqual(["2401.00002"]);
    expect(new Set(ids(await search({ q: "lovelace OR hopper" })))).toEqual(new Set(["2401.00001", "2401.00002"]));
  });

  it("filters by date, code and category, and orders by votes or date", async () => {
    expect(ids(await search({ q: "widgets", code: "1" }))).toEqual(["2401.00002"]);
    expect(ids(await search({ q: "widgets", from: "2024-01-01", to: "2024-02-01" }))).toEqual(["2401.00001"]);
    expect(ids(await search({ q: "attention", category: "cs.LG" }))).toEqual(["2401.00003"]);
    expect(ids(await search({ q: "widgets", order: "votes" }))[0]).toBe("2401.00002");
    expect(ids(await search({ q: "widgets", order: "date" }))).toEqual(["2401.00002", "2401.00001", "2401.00004"]);
  });

  it("highlights matches with markers, never HTML", async () => {
    const [hit] = (await search({ q: "learning graphs" })).hits;
    expect(hit!.snippet).toContain(MARK_START);
    expect(snippetParts(`a ${MARK_START}b${MARK_END} <c>`)).toEqual([
      { text: "a ", marked: false },
      { text: "b", marked: true },
      { text: " <c>", marked: false },
    ]);
  });

  it.each([
    [{ q: "" }, "q"],
    [{ q: "x", order: "best" }, "order"],
    [{ q: "x", from: "2024-02-30" }, "from"],
    [{ q: "x", limit: "500" }, "limit"],
    [{ q: "x", category: "cs LG; drop" }, "category"],
  ])("refuses %j naming %s", (params, field) => {
    expect(() => parseSearchQuery(new URLSearchParams(params))).toThrowError(
      expect.objectContaining({ status: 400, details: { field } }),
    );
  });
});
