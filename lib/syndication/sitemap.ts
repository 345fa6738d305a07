import "server-only";
import type { MetadataRoute } from "next";
import { getEnv } from "@/lib/env";
import { listPaperPageDates } from "@/lib/papers/papers";
import { SYNDICATION_FORMATS, feedPath } from "@/lib/syndication/syndication";
import { listSnapshotDates } from "@/lib/ranking/trending";
import { paperHref, trendingSnapshotHref } from "@/lib/http/urls";

/**
 * What search engines should crawl: the public pages, the feeds, each day's trending page
 * and every paper. One sitemap holds at most 50,000 URLs; the newest papers come first, so
 * a site past that size keeps its newest pages listed (a sitemap index would be the next step).
 */

const MAX_SITEMAP_URLS = 50_000;
/** Days of trending pages listed: about a year. */
const SNAPSHOT_DAYS = 366;

// /daily, /weekly, /monthly and /trending only redirect to a dated page, and sitemaps
// should list pages, not redirects; the dated trending pages are listed below.
const STATIC_PAGES: {
  path: string;
  changeFrequency: MetadataRoute.Sitemap[number]["changeFrequency"];
  priority: number;
}[] = [
  { path: "/", changeFrequency: "hourly", priority: 1 },
  { path: "/new", changeFrequency: "hourly", priority: 0.8 },
  { path: "/ranking", changeFrequency: "monthly", priority: 0.3 },
  { path: "/about", changeFrequency: "monthly", priority: 0.3 },
  { path: "/moderation", changeFrequency: "weekly", priority: 0.2 },
];

export async function sitemapEntries(): Promise<MetadataRoute.Sitemap> {
  const site = getEnv().SITE_URL;
  const feeds = (["trending", "new"] as const).flatMap((kind) =>
    SYNDICATION_FORMATS.map((format) => ({
      url: site + feedPath({ kind }, format),
      changeFrequency: "hourly" as const,
      priority: 0.4,
    })),
  );
  const fixed = [...STATIC_PAGES.map(({ path, ...rest }) => ({ url: site + path, ...rest })), ...feeds];
  const days = await listSnapshotDates(SNAPSHOT_DAYS);
  const dayPages = days.map((day) => ({
    url: site + trendingSnapshotHref(day),
    changeFrequency: "yearly" as const,
    priority: 0.4,
  }));
  const papers = await listPaperPageDates(MAX_SITEMAP_URLS - fixed.length - dayPages.length);
  return [
    ...fixed,
    ...dayPages,
    ...papers.map((paper) => ({
      url: site + paperHref(paper.arxivId),
      lastModified: paper.lastModified,
      changeFrequency: "daily" as const,
      priority: 0.7,
    })),
  ];
}
