import { ImageResponse } from "next/og";
import { connection } from "next/server";
import { arxivIdFromSegments } from "@/lib/papers/arxiv-id";
import { authorsLine, plural } from "@/lib/format";
import { clip, ogSafeText } from "@/lib/papers/og-image";
import { getPaper } from "@/lib/papers/papers";
import { socialImageFor } from "@/lib/papers/social-images";
import { plainTexText } from "@/lib/discussion/tex";

const WIDTH = 1200;
const HEIGHT = 630;

/**
 * GET /og/paper/{arxivId}: the paper's 1200×630 social preview (OpenGraph and Twitter
 * cards). A route handler rather than opengraph-image.tsx, whose file convention does not
 * sit well under the catch-all paper route. Drawn with next/og's bundled font only; the
 * text is reduced to what that font covers, so rendering never reaches for the internet.
 * Drawn once per paper and content, then served from the database (lib/papers/social-images.ts).
 */
export async function GET(_request: Request, context: { params: Promise<{ arxivId: string[] }> }) {
  await connection();
  const id = arxivIdFromSegments((await context.params).arxivId);
  const paper = id ? await getPaper(id) : null;
  if (!paper)
    return new Response("No paper with that arXiv id.\n", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });

  const title = clip(ogSafeText(plainTexText(paper.title)), 150);
  const authors = clip(ogSafeText(authorsLine(paper.authors.map(ogSafeText).filter(Boolean))), 110);
  const titleSize = title.length <= 60 ? 64 : title.length <= 110 ? 54 : 44;
  const category = paper.categories[0];
  const facts = [`arXiv:${paper.arxivId}`, ...(category ? [category] : []), plural(paper.commentCount, "comment")];
  // What the image says apart from its counters; `design` changes with the drawing below.
  const content = { design: 1, arxivId: paper.arxivId, title, authors, category: category ?? null };

  const draw = async () =>
    new Uint8Array(
      await new ImageResponse(
        <div
          style={{
            width: "100%",
            height: "100%",
            display: "flex",
            flexDirection: "column",
            backgroundColor: "#fafaf9",
            color: "#1c1917",
            padding: "56px 72px",
          }}
        >
          <div
            style={{
              display: "flex",
              alignItems: "center",
              justifyContent: "space-between",
              fontSize: 32,
              color: "#b31b1b",
            }}
          >
            <span>Paperboard</span>
            <span
              style={{
                display: "flex",
                alignItems: "center",
                border: "3px solid #b31b1b",
                borderRadius: 12,
                padding: "6px 20px",
                fontSize: 36,
              }}
            >
              {`▲ ${paper.upvotes}`}
            </span>
          </div>
          <div
            style={{
              display: "flex",
              flexGrow: 1,
              alignItems: "center",
              fontSize: titleSize,
              lineHeight: 1.2,
              marginTop: 24,
            }}
          >
            {title || `arXiv:${paper.arxivId}`}
          </div>
          <div style={{ display: "flex", fontSize: 30, color: "#44403c" }}>{authors || "Unknown authors"}</div>
          <div
            style={{
              display: "flex",
              fontSize: 26,
              color: "#78716c",
              marginTop: 16,
              borderTop: "2px solid #e7e5e4",
              paddingTop: 16,
            }}
          >
            {facts.join("  ·  ")}
          </div>
        </div>,
        { width: WIDTH, height: HEIGHT },
      ).arrayBuffer(),
    );
  const png = await socialImageFor(
    paper.id,
    { content, upvotes: paper.upvotes, commentCount: paper.commentCount },
    draw,
  );
  return new Response(new Uint8Array(png), {
    headers: {
      "content-type": "image/png",
      // Upvotes change: an hour of caching rather than next/og's default (a year, immutable).
      "cache-control": "public, max-age=3600, stale-while-revalidate=86400",
    },
  });
}
