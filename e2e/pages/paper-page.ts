import type { Page } from "@playwright/test";
import { UpvoteControl } from "./upvote-control";

/** A paper's page (`/papers/{id}`): its upvote, its voters and its discussion. */
export class PaperPage {
  readonly upvote: UpvoteControl;

  constructor(
    readonly page: Page,
    readonly arxivId: string,
  ) {
    this.upvote = new UpvoteControl(page);
  }

  /** Opens the page; `suffix` is a query or an anchor (`?page=2`, `#comment-12`). */
  goto(suffix = "") {
    return this.page.goto(`/papers/${this.arxivId}${suffix}`);
  }

  get voters() {
    return this.page.getByTestId("voters");
  }

  // ---- The discussion.

  /** The form for a new top-level comment. */
  get commentForm() {
    return this.page.locator("#discussion > form");
  }

  get commentBox() {
    return this.commentForm.getByLabel("Your comment");
  }

  /** Writes a top-level comment and submits it (the answer is for the test to check). */
  async postComment(text: string) {
    await this.commentBox.fill(text);
    await this.commentForm.getByRole("button", { name: "Comment", exact: true }).click();
  }

  /** Every rendered comment, or those containing `text`. */
  comments(text?: string) {
    const all = this.page.getByTestId("comment");
    return text === undefined ? all : all.filter({ hasText: text });
  }

  /** A comment with its replies, by id (its anchor). */
  comment(id: number | string) {
    return this.page.locator(`#comment-${id}`);
  }

  /** Opens the reply form under a comment, writes `text` and submits it. */
  async reply(id: number | string, text: string) {
    const comment = this.comment(id);
    await comment.getByText("reply", { exact: true }).click();
    await comment.getByLabel("Your reply").fill(text);
    await comment.getByRole("button", { name: "Reply" }).click();
  }
}
