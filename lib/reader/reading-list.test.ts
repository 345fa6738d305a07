import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { withTestDatabase } from "@/testing/with-test-database";
import { paperAuthors, paperOpens, papers, users, votes } from "@/db/schema";
import {
  getHideSeen,
  getSavedArxivIds,
  getSavedState,
  getSeenFilter,
  listAllSavedPapers,
  listSavedPapers,
  markSavedRead,
  recordPaperOpen,
  savePaper,
  setHideSeen,
  unsavePaper,
} from "./reading-list";
import { cslName, readingListBibtex, readingListCslJson } from "./reading-list-export";
import { testViewer } from "@/testing/viewers";

const database = withTestDatabase();
const as = testViewer;
const ids: Record<string, number> = {};

describe("the reading list", () => {
  beforeAll(async () => {
    await database
      .db()
      .insert(users)
      .values(["ann", "ben"].map((id) => ({ id, githubLogin: id })));
    const rows = await database
      .db()
      .insert(papers)
      .values([
        {
          arxivId: "2401.00001",
          title: "Attention Is All You Need, Again",
          publishedOn: "2024-01-02",
          categories: ["cs.CL"],
          abstract: "We attend.",
        },
        {
          arxivId: "2401.00002",
          title: "Attention: a sequel",
          publishedOn: "2024-01-05",
          categories: ["cs.LG"],
          abstract: "Again & again.",
        },
        { arxivId: "hep-th/9901001", title: "Old strings", publishedOn: "1999-01-01", categories: ["hep-th"] },
      ])
      .returning({ id: papers.id, arxivId: papers.arxivId });
    for (const row of rows) ids[row.arxivId] = row.id;
    await database
      .db()
      .insert(paperAuthors)
      .values([
        { paperId: ids["2401.00001"]!, position: 0, name: "Ashish Vaswani" },
        { paperId: ids["2401.00001"]!, position: 1, name: "Guido van Rossum Jr." },
        { paperId: ids["2401.00002"]!, position: 0, name: "Ashish Vaswani" },
        { paperId: ids["hep-th/9901001"]!, position: 0, name: "ATLAS Collaboration" },
      ]);
  });

  it("saves, marks read and unread, lists newest first and removes; only the caller's own list", async () => {
    await expect(savePaper(null, "2401.00001")).rejects.toMatchObject({ status: 401 });
    await expect(savePaper(as("ann"), "2499.99999")).rejects.toMatchObject({ status: 404 });
    await expect(savePaper(as("ann"), "not an id")).rejects.toMatchObject({ status: 404 });

    const first = await savePaper(as("ann"), "2401.00001v3", {}, new Date("2026-12-01T10:00:00Z"));
    expect(first).toMatchObject({ arxivId: "2401.00001", saved: true, readAt: null });
    await savePaper(as("ann"), "2401.00002", {}, new Date("2026-12-02T10:00:00Z"));
    await savePaper(as("ann"), "hep-th/9901001", {}, new Date("2026-12-03T10:00:00Z"));
    // Saving again keeps the first date.
    expect((await savePaper(as("ann"), "2401.00001", {}, new Date("2026-12-05T10:00:00Z"))).savedAt).toEqual(
      new Date("2026-12-01T10:00:00Z"),
    );
    await savePaper(as("ben"), "2401.00002");

    expect((await markSavedRead(as("ann"), "2401.00002", true, new Date("2026-12-04T00:00:00Z"))).readAt).toEqual(
      new Date("2026-12-04T00:00:00Z"),
    );
    await expect(markSavedRead(as("ben"), "2401.00001", true)).rejects.toMatchObject({ status: 404 });

    const page = await listSavedPapers(as("ann"), { limit: 2, offset: 0 });
    expect(page.items.map((p) => [p.arxivId, p.readAt !== null])).toEqual([
      ["hep-th/9901001", false],
      ["2401.00002", true],
    ]);
    expect(page.nextCursor).not.toBeNull();
    expect((await listSavedPapers(as("ann"), { limit: 2, offset: 2 })).items.map((p) => p.arxivId)).toEqual([
      "2401.00001",
    ]);
    expect((await listAllSavedPapers(as("ben"))).map((p) => p.arxivId)).toEqual(["2401.00002"]);
    expect(await getSavedArxivIds("ann", ["2401.00001", "2401.00002", "hep-th/9901001"])).toEqual(
      new Set(["2401.00001", "2401.00002", "hep-th/9901001"]),
    );

    // ben removing his own save leaves ann's.
    await unsavePaper(as("ben"), "2401.00002");
    expect((await getSavedState(as("ben"), "2401.00002")).saved).toBe(false);
    expect((await getSavedState(as("ann"), "2401.00002")).saved).toBe(true);
    await markSavedRead(as("ann"), "2401.00002", false);
    expect((await getSavedState(as("ann"), "2401.00002")).readAt).toBeNull();
  });

  it("records a paper's first opening once", async () => {
    await recordPaperOpen("ben", ids["2401.00001"]!, new Date("2026-12-01T00:00:00Z"));
    await recordPaperOpen("ben", ids["2401.00001"]!, new Date("2026-12-02T00:00:00Z"));
    const rows = await database.db().select().from(paperOpens).where(eq(paperOpens.userId, "ben"));
    expect(rows.map((row) => row.openedAt)).toEqual([new Date("2026-12-01T00:00:00Z")]);
  });

  it("hides what the reader saved, voted on or opened, only when they asked, and only for them", async () => {
    const all = Object.values(ids);
    expect(await getSeenFilter("ben", all)).toEqual({ hideSeen: false, seen: new Set() });
    expect(await getHideSeen("ben")).toBe(false);
    await expect(setHideSeen(null, true)).rejects.toMatchObject({ status: 401 });
    await setHideSeen(as("ben"), true);
    expect(await getHideSeen("ben")).toBe(true);
    await database.db().insert(votes).values({ userId: "ben", paperId: ids["hep-th/9901001"]! });
    await savePaper(as("ben"), "2401.00002");
    const ben = await getSeenFilter("ben", all);
    expect(ben.hideSeen).toBe(true);
    // Opened 2401.00001, saved 2401.00002, voted hep-th/9901001.
    expect(ben.seen).toEqual(new Set(all));
    await unsavePaper(as("ben"), "2401.00002");
    expect((await getSeenFilter("ben", all)).seen).toEqual(new Set([ids["2401.00001"], ids["hep-th/9901001"]]));
    // ann saved everything but has not asked to hide anything.
    expect(await getSeenFilter("ann", all)).toEqual({ hideSeen: false, seen: new Set() });
    await setHideSeen(as("ben"), false);
    expect((await getSeenFilter("ben", all)).seen).toEqual(new Set());
  });

  it("exports the list as BibTeX with unique keys and as CSL-JSON", async () => {
    const list = await listAllSavedPapers(as("ann"));
    const bib = readingListBibtex(list);
    const keys = [...bib.matchAll(/^@misc\{([^,]+),$/gm)].map((m) => m[1]);
    // Newest saved first: the two Vaswani papers make the same key, the second gets "a".
    expect(keys).toEqual(["collaboration1999old", "vaswani2024attention", "vaswani2024attentiona"]);
    expect(bib).toContain("eprint={hep-th/9901001}");
    expect(bib).toContain("title={Attention: a sequel}");

    const csl = readingListCslJson(list);
    expect(csl.find((item) => item.number === "2401.00001")).toEqual({
      id: "arXiv:2401.00001",
      type: "article",
      title: "Attention Is All You Need, Again",
      author: [
        { family: "Vaswani", given: "Ashish" },
        { family: "Rossum", given: "Guido van", suffix: "Jr." },
      ],
      issued: { "date-parts": [[2024, 1, 2]] },
      URL: "https://arxiv.org/abs/2401.00001",
      archive: "arXiv",
      publisher: "arXiv",
      number: "2401.00001",
      abstract: "We attend.",
      keyword: "cs.CL",
    });
    expect(cslName("ATLAS Collaboration")).toEqual({ literal: "ATLAS Collaboration" });
    expect(cslName("Wang, Penghao")).toEqual({ family: "Wang", given: "Penghao" });
    expect(readingListBibtex([])).toBe("");
  });
});
