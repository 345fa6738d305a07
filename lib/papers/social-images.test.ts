import { beforeAll, describe, expect, it } from "vitest";
import { papers } from "@/db/schema";
import { withTestDatabase } from "@/testing/with-test-database";
import { SOCIAL_IMAGE_COUNTERS_TTL_MS, getStoredSocialImage, socialImageFor } from "./social-images";

const database = withTestDatabase();
const now = new Date("2026-12-05T12:00:00Z");

let paperId = 0;
let draws = 0;
/** A stand-in for next/og: distinct bytes per drawing, and a count of drawings. */
const draw = async () => {
  draws++;
  return new TextEncoder().encode(`png #${draws}`);
};
/** What the image of the paper shows: its content and counters. */
const showing = (title: string, upvotes: number, commentCount: number) => ({
  content: { design: 1, title },
  upvotes,
  commentCount,
});
/** The bytes served for the paper's image at `at`, as text. */
const imageAt = async (wanted: ReturnType<typeof showing>, at: Date) =>
  (await socialImageFor(paperId, wanted, draw, at)).toString("utf8");

describe("social images", () => {
  beforeAll(async () => {
    const [row] = await database
      .db()
      .insert(papers)
      .values({ arxivId: "2412.00001", title: "Stored Once" })
      .returning({ id: papers.id });
    paperId = row!.id;
  });

  it("draws once, then serves the stored bytes while the content and counters are the same", async () => {
    const wanted = showing("Stored Once", 3, 0);
    const [first, second] = await Promise.all([imageAt(wanted, now), imageAt(wanted, now)]);
    expect(draws).toBe(1);
    expect(first).toBe("png #1");
    expect(second).toBe("png #1");
    expect(await imageAt(wanted, new Date(now.getTime() + 10 * SOCIAL_IMAGE_COUNTERS_TTL_MS))).toBe("png #1");
    expect(draws).toBe(1);
    expect((await getStoredSocialImage(paperId))?.upvotes).toBe(3);
  });

  it("redraws changed counters at most once per TTL, and a changed content at once", async () => {
    const later = new Date(now.getTime() + SOCIAL_IMAGE_COUNTERS_TTL_MS / 2);
    expect(await imageAt(showing("Stored Once", 4, 1), later)).toBe("png #1");
    expect(draws).toBe(1);
    const afterTtl = new Date(now.getTime() + SOCIAL_IMAGE_COUNTERS_TTL_MS + 1);
    expect(await imageAt(showing("Stored Once", 4, 1), afterTtl)).toBe("png #2");
    expect((await getStoredSocialImage(paperId))?.upvotes).toBe(4);
    expect(await imageAt(showing("Stored Twice (v2)", 4, 1), afterTtl)).toBe("png #3");
    expect(draws).toBe(3);
  });
});
