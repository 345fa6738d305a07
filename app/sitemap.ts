import type { MetadataRoute } from "next";
import { sitemapEntries } from "@/lib/syndication/sitemap";

// Read at request time: the build has no database, and SITE_URL is the server's.
export const dynamic = "force-dynamic";

/** GET /sitemap.xml */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  return sitemapEntries();
}
