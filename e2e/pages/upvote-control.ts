import type { Locator, Page } from "@playwright/test";

/** The vote control's accessible name: its action, the count it shows ("Upvote, 28 votes"). */
export const upvoteName = (upvoted: boolean, count: number) =>
  `${upvoted ? "Remove upvote" : "Upvote"}, ${count === 1 ? "1 vote" : `${count} votes`}`;

/** A paper's upvote control, on its page or on its card in a feed. */
export class UpvoteControl {
  constructor(readonly scope: Page | Locator) {}

  /** The vote count the control shows. */
  get count() {
    return this.scope.getByTestId("upvote-count");
  }

  async shownCount(): Promise<number> {
    return Number(await this.count.innerText());
  }

  /** The button as it reads in this state, with this count. */
  button(upvoted: boolean, count: number) {
    return this.scope.getByRole("button", { name: upvoteName(upvoted, count), exact: true });
  }

  /** What a signed-out reader gets instead of the button: a link to sign in first. */
  signInLink(count: number) {
    return this.scope.getByRole("link", { name: `${upvoteName(false, count)} (sign in first)`, exact: true });
  }
}
