import type { Locator, Page } from "@playwright/test";
import { UpvoteControl } from "./upvote-control";

/** A feed of paper cards: trending (`/`), `/new`, a day, a week, search results. */
export class FeedPage {
  constructor(
    readonly page: Page,
    readonly path = "/",
  ) {}

  goto() {
    return this.page.goto(this.path);
  }

  get cards() {
    return this.page.getByTestId("paper-card");
  }

  card(arxivId: string) {
    return new PaperCard(this.page.locator(`[data-arxiv-id="${arxivId}"]`));
  }
}

/** One paper's card in a feed. */
export class PaperCard {
  readonly upvote: UpvoteControl;

  constructor(readonly root: Locator) {
    this.upvote = new UpvoteControl(root);
  }

  /** A refusal the card announces (a vote refused by the server). */
  get alert() {
    return this.root.getByRole("alert");
  }
}
