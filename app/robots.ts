import type { MetadataRoute } from "next";
import { getEnv } from "@/lib/env";

// SITE_URL is the running server's, not the build machine's.
export const dynamic = "force-dynamic";

/** GET /robots.txt: everything public may be crawled; the API, personal and write pages not. */
export default function robots(): MetadataRoute.Robots {
  return {
    rules: {
      userAgent: "*",
      allow: "/",
      disallow: ["/api/", "/settings", "/signin", "/submit", "/moderation/reports"],
    },
    sitemap: `${getEnv().SITE_URL}/sitemap.xml`,
  };
}
