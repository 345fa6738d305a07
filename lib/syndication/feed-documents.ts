import "server-only";
import type { Metadata } from "next";
import { categorySchema, withQuery } from "@/lib/papers/categories";
import { listFeedComments } from "@/lib/discussion/comments";
import { getEnv } from "@/lib/env";
import { getFeed } from "@/lib/browse/feeds";
import { getPaper } from "@/lib/papers/papers";
import { dayLabel, parseDay } from "@/lib/ranking/periods";
import { plainTexText } from "@/lib/discussion/tex";
import {
  CONTENT_TYPES,
  FEED_ENTRIES,
  FORMAT_LABELS,
  MEDIA_TYPES,
  SYNDICATION_FORMATS,
  commentEntry,
  feedPath,
  paperEntry,
  renderFeed,
  type FeedSource,
  type SyndicationFeed,
  type SyndicationFormat,
} from "@/lib/syndication/syndication";
import { getTrendingSnapshot, snapshotInstant } from "@/lib/ranking/trending";
import { discussionHref, trendingSnapshotHref } from "@/lib/http/urls";

/**
 * The data behind each syndication feed (lib/syndication/syndication.ts renders it) and the one way
 * route handlers answer for a feed document.
 */

function selfUrls(siteUrl: string, source: FeedSource): Record<SyndicationFormat, string> {
  return { rss: siteUrl + feedPath(source, "rss"), atom: siteUrl + feedPath(source, "atom") };
}

/** The live feed changes by the minute; a whole minute keeps `updated` steady between polls. */
function currentMinute(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

function latest(dates: Date[], fallback: Date): Date {
  return dates.reduce((max, date) => (date > max ? date : max), dates[0] ?? fallback);
}

/** The feed document's content, or null when what it follows does not exist (a 404). */
export async function loadFeedDocument(source: FeedSource, now = new Date()): Promise<SyndicationFeed | null> {
  const site = getEnv().SITE_URL;
  const self = selfUrls(site, source);
  switch (source.kind) {
    case "trending": {
      const { category } = source;
      const result = await getFeed({ feed: "trending", limit: FEED_ENTRIES, category }, now);
      return {
        title: category ? `Paperboard: trending in ${category}` : "Paperboard: trending",
        description: category
          ? `Papers in ${category} ranked by how fast the community upvotes them now (ranks count within ${category}).`
          : "Papers ranked by how fast the community upvotes them now.",
        link: withQuery(`${site}/`, { category }),
        self,
        updated: currentMinute(now),
        entries: result.items.map((item) =>
          paperEntry(
            site,
            item,
            item.trending ? `#${item.trending.rank} trending · +${item.trending.votes24h} votes in 24 h` : undefined,
          ),
        ),
      };
    }
    case "new": {
      const { category } = source;
      const result = await getFeed({ feed: "new", limit: FEED_ENTRIES, category }, now);
      return {
        title: category ? `Paperboard: new papers in ${category}` : "Paperboard: new papers",
        description: category
          ? `Papers in ${category} most recently added to Paperboard.`
          : "Papers most recently added to Paperboard.",
        link: withQuery(`${site}/new`, { category }),
        self,
        updated: latest(
          result.items.map((item) => item.addedAt),
          currentMinute(now),
        ),
        entries: result.items.map((item) => paperEntry(site, item)),
      };
    }
    case "snapshot": {
      const { category, date } = source;
      if (!parseDay(date)) return null;
      const snapshot = await getTrendingSnapshot(date, { limit: FEED_ENTRIES, offset: 0, category });
      if (!snapshot.computed) return null;
      const label = dayLabel(date);
      return {
        title: category ? `Paperboard: trending in ${category} on ${label}` : `Paperboard: trending on ${label}`,
        description: `The trending ranking at 00:00 UTC at the end of ${label}${category ? `, papers in ${category} only` : ""}.`,
        link: withQuery(site + trendingSnapshotHref(date), { category }),
        self,
        updated: snapshotInstant(date),
        entries: snapshot.items.map((item) => paperEntry(site, item, `#${item.trending.rank} on ${label}`)),
      };
    }
    case "comments": {
      const paper = await getPaper(source.arxivId);
      if (!paper) return null;
      // One URL per feed, as per page: a versioned id is served under the canonical one.
      const canonical = selfUrls(site, { kind: "comments", arxivId: paper.arxivId });
      const comments = await listFeedComments(paper.arxivId, FEED_ENTRIES);
      const entries = comments.map((comment) => commentEntry(site, paper, comment));
      return {
        title: `Comments on \u201c${plainTexText(paper.title).replace(/\s+/g, " ").trim()}\u201d`,
        description: `The discussion of arXiv:${paper.arxivId} on Paperboard, newest first.`,
        link: site + discussionHref(paper.arxivId),
        self: canonical,
        updated: latest(
          entries.map((entry) => entry.updated),
          paper.addedAt,
        ),
        entries,
      };
    }
  }
}

function plainText(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/**
 * GET of a feed document: the XML with its content type, 400 naming `category` when it is
 * malformed, 404 when the paper or the day's snapshot does not exist.
 */
export async function serveFeed(
  request: Request,
  format: SyndicationFormat,
  source: FeedSource | null,
): Promise<Response> {
  if (!source) return plainText(404, "No such feed.");
  if (source.kind !== "comments") {
    const raw = new URL(request.url).searchParams.get("category");
    if (raw !== null) {
      const parsed = categorySchema.safeParse(raw);
      if (!parsed.success) return plainText(400, `category: ${parsed.error.issues[0]!.message}`);
      source = { ...source, category: parsed.data };
    }
  }
  const feed = await loadFeedDocument(source);
  if (!feed) return plainText(404, "No such feed.");
  return new Response(renderFeed(feed, format), {
    headers: {
      "content-type": CONTENT_TYPES[format],
      // Readers poll; a few minutes of staleness costs nothing and spares the database.
      "cache-control": "public, max-age=300",
      "x-content-type-options": "nosniff",
    },
  });
}

/** `<link rel="alternate">` entries (Next metadata `alternates.types`) for a page's feed, in both formats. */
export function feedAlternates(
  source: FeedSource,
  title: string,
): NonNullable<NonNullable<Metadata["alternates"]>["types"]> {
  const site = getEnv().SITE_URL;
  return Object.fromEntries(
    SYNDICATION_FORMATS.map((format) => [
      MEDIA_TYPES[format],
      [{ url: site + feedPath(source, format), title: `${title} (${FORMAT_LABELS[format]})` }],
    ]),
  );
}
