import { describe, expect, it } from "vitest";
import type { PaperDetail } from "./papers";
import { renderPaperMarkdown } from "./paper-markdown";
import { paperMarkdownPath } from "../http/urls";

const paper: PaperDetail = {
  id: 1,
  arxivId: "hep-th/9901001",
  title: "A  title\nover two lines",
  publishedOn: "1999-01-04",
  addedAt: new Date("2026-12-01T10:00:00Z"),
  authors: ["Ada Lovelace", "Alan Turing"],
  abstract: "We show $x^2$.",
  categories: ["hep-th"],
  upvotes: 1,
  commentCount: 12,
  codeUrl: "https://github.com/acme/strings",
  projectUrl: null,
  githubStars: 1234,
  githubStarsThisWeek: 340,
  submitter: { login: "sam", name: "Sam", image: null },
  absUrl: "https://arxiv.org/abs/hep-th/9901001",
  pdfUrl: "https://arxiv.org/pdf/hep-th/9901001",
};

describe("a paper as markdown", () => {
  it("carries title, authors, links with stars, abstract and quoted comments", () => {
    const markdown = renderPaperMarkdown(
      paper,
      [
        {
          author: "critic",
          body: "# Not a heading of the document\n\nSecond paragraph.",
          createdAt: new Date("2026-12-02T00:00:00Z"),
          upvotes: 3,
          replies: 2,
        },
      ],
      "https://papers.example.org",
    );
    expect(markdown.startsWith("# A title over two lines\n\n**Authors:** Ada Lovelace, Alan Turing\n")).toBe(true);
    expect(markdown).toContain("[Code](https://github.com/acme/strings) (★ 1.2k, +340 this week)");
    expect(markdown).toContain("[Discussion](https://papers.example.org/papers/hep-th/9901001)");
    expect(markdown).toContain("Published on arXiv 1999-01-04 · added 2026-12-01 by @sam · 1 upvote · 12 comments");
    expect(markdown).toContain("## Abstract\n\nWe show $x^2$.\n");
    expect(markdown).toContain(
      "**@critic** · 2026-12-02 · 3 upvotes · 2 replies\n\n> # Not a heading of the document\n>\n> Second paragraph.\n",
    );
    expect(markdown).toContain("More comments: https://papers.example.org/papers/hep-th/9901001#discussion");
    // No line of a comment escapes its quote.
    expect(markdown.split("\n").filter((line) => line.startsWith("#"))).toEqual([
      "# A title over two lines",
      "## Abstract",
      "## Discussion",
    ]);
  });

  it("says when there is no discussion, and keeps old-style ids in the path", () => {
    expect(renderPaperMarkdown({ ...paper, commentCount: 0, codeUrl: null }, [], "https://x.org")).toContain(
      "## Discussion\n\nNo comments yet.",
    );
    expect(paperMarkdownPath("hep-th/9901001")).toBe("/papers/hep-th/9901001.md");
  });
});
