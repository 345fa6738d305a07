import { describe, expect, it } from "vitest";
import { pageOfThread, positiveIntegerParam, splitIntoPages } from "./comment-pages";

interface Node {
  id: number;
  children: Node[];
}
let nextId = 1;
/** A top-level thread of `size` comments: a root and its chain of replies. */
function thread(size: number): Node {
  const root: Node = { id: nextId++, children: [] };
  let tail = root;
  for (let i = 1; i < size; i++) {
    const child: Node = { id: nextId++, children: [] };
    tail.children.push(child);
    tail = child;
  }
  return root;
}
const count = (nodes: Node[]): number => nodes.reduce((sum, node) => sum + 1 + count(node.children), 0);

describe("pages of a discussion", () => {
  it("fills each page with whole threads up to the limit, in order, and never splits a thread", () => {
    const roots = [thread(40), thread(40), thread(30), thread(5), thread(100), thread(1)];
    const pages = splitIntoPages(roots, 100);
    expect(pages.map((page) => page.map((root) => roots.indexOf(root)))).toEqual([[0, 1], [2, 3], [4], [5]]);
    expect(pages.map(count)).toEqual([80, 35, 100, 1]);
  });

  it("puts a thread longer than a page on a page of its own", () => {
    const roots = [thread(3), thread(250), thread(3)];
    expect(splitIntoPages(roots, 100).map(count)).toEqual([3, 250, 3]);
  });

  it("shows the page asked for, clamped to the pages that exist", () => {
    const roots = Array.from({ length: 30 }, () => thread(10));
    expect(pageOfThread(roots, {}, 100)).toMatchObject({ page: 1, pageCount: 3 });
    expect(pageOfThread(roots, { page: 2 }, 100).roots[0]).toBe(roots[10]);
    expect(pageOfThread(roots, { page: 99 }, 100)).toMatchObject({ page: 3, roots: roots.slice(20) });
    expect(pageOfThread([], { page: 4 }, 100)).toEqual({ roots: [], page: 1, pageCount: 1 });
  });

  it("finds the page of a linked comment, deep in a reply chain, whatever page was asked", () => {
    const roots = Array.from({ length: 30 }, () => thread(10));
    const deep = roots[25]!.children[0]!.children[0]!;
    expect(pageOfThread(roots, { commentId: deep.id, page: 1 }, 100)).toMatchObject({ page: 3 });
    // A comment that is not in the thread (deleted since): the page asked for.
    expect(pageOfThread(roots, { commentId: 999_999, page: 2 }, 100)).toMatchObject({ page: 2 });
  });

  it("reads page numbers from the query leniently", () => {
    expect(positiveIntegerParam("2")).toBe(2);
    for (const bad of ["0", "-1", "1.5", "x", "", "01", "9999999999", undefined])
      expect(positiveIntegerParam(bad)).toBeUndefined();
    expect(positiveIntegerParam(["2", "3"])).toBeUndefined();
  });
});
