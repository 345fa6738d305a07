import { describe, expect, it } from "vitest";
import { arxivIdFromSegments } from "../papers/arxiv-id";
import {
  authorHref,
  commentFormHref,
  commentHref,
  discussionHref,
  notificationOpenHref,
  ogImagePath,
  paperHref,
  paperMarkdownPath,
  paperVoteApiPath,
  profileHref,
  signInHref,
  trendingSnapshotHref,
} from "./urls";

describe("paper URLs", () => {
  it("keep an old-style id's slash, since the paper routes are catch-alls", () => {
    expect(paperHref("hep-th/9901001")).toBe("/papers/hep-th/9901001");
    expect(paperHref("math.GT/0309136")).toBe("/papers/math.GT/0309136");
    expect(paperHref("2401.00001")).toBe("/papers/2401.00001");
    expect(paperMarkdownPath("hep-th/9901001")).toBe("/papers/hep-th/9901001.md");
    expect(ogImagePath("hep-th/9901001")).toBe("/og/paper/hep-th/9901001");
    expect(paperVoteApiPath("hep-th/9901001")).toBe("/api/papers/hep-th/9901001/vote");
  });

  it("percent-encode what is not an id character, segment by segment", () => {
    expect(paperHref("a b/c?d#e")).toBe("/papers/a%20b/c%3Fd%23e");
  });

  it("come back to the same id through the catch-all's decoding", () => {
    for (const id of ["hep-th/9901001", "2401.00001", "a b/c?d#e%"]) {
      const segments = paperHref(id).slice("/papers/".length).split("/");
      expect(arxivIdFromSegments(segments)).toBe(id);
    }
  });

  it("link a discussion, in an order and at a page, with one URL for the first page", () => {
    expect(discussionHref("2401.00001")).toBe("/papers/2401.00001#discussion");
    expect(discussionHref("2401.00001", "new")).toBe("/papers/2401.00001?comments=new#discussion");
    expect(discussionHref("2401.00001", "best", 1)).toBe("/papers/2401.00001?comments=best#discussion");
    expect(discussionHref("hep-th/9901001", "best", 3)).toBe("/papers/hep-th/9901001?comments=best&page=3#discussion");
  });

  it("link a comment by the page that holds it and its anchor", () => {
    expect(commentHref("hep-th/9901001", 42)).toBe("/papers/hep-th/9901001?comment=42#comment-42");
    expect(commentFormHref("2401.00001", 7, "form-body-new-7")).toBe("/papers/2401.00001?comment=7#form-body-new-7");
    expect(commentFormHref("2401.00001", undefined, "form-body-new-top")).toBe("/papers/2401.00001#form-body-new-top");
  });
});

describe("people and pages", () => {
  it("encode an author's name as one segment", () => {
    expect(authorHref("Ada Lovelace")).toBe("/authors/Ada%20Lovelace");
    expect(authorHref("J. Müller/Smith")).toBe("/authors/J.%20M%C3%BCller%2FSmith");
  });

  it("encode a login as one segment", () => {
    expect(profileHref("ada-l")).toBe("/u/ada-l");
    expect(profileHref("a/b")).toBe("/u/a%2Fb");
  });

  it("name a day's snapshot and a notification's redirect", () => {
    expect(trendingSnapshotHref("2024-01-03")).toBe("/trending/2024-01-03");
    expect(notificationOpenHref(12)).toBe("/notifications/12/open");
    expect(notificationOpenHref("1/2")).toBe("/notifications/1%2F2/open");
  });
});

describe("signInHref", () => {
  it("encodes the way back as one query value, whatever it holds", () => {
    expect(signInHref("/settings")).toBe("/signin?callbackUrl=%2Fsettings");
    expect(signInHref("/")).toBe("/signin?callbackUrl=%2F");
    const back = "/search?q=a&b=c#x";
    const href = signInHref(back);
    expect(href).toBe("/signin?callbackUrl=%2Fsearch%3Fq%3Da%26b%3Dc%23x");
    expect(new URL(href, "http://localhost").searchParams.get("callbackUrl")).toBe(back);
  });

  it("carries an old-style paper's path whole", () => {
    const href = signInHref(paperHref("hep-th/9901001"));
    expect(href).toBe("/signin?callbackUrl=%2Fpapers%2Fhep-th%2F9901001");
    expect(new URL(href, "http://localhost").searchParams.get("callbackUrl")).toBe("/papers/hep-th/9901001");
  });
});
