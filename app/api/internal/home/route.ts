import { getAnonymousHomePage } from "@/lib/page-cache";

/** The cached trending home page for signed-out visitors (proxy.ts rewrites GET / here). */
export async function GET() {
  const html = await getAnonymousHomePage();
  if (html === null) {
    // The cache could not render: send the visitor to the uncached page itself.
    return new Response(null, { status: 307, headers: { location: "/?render=anonymous" } });
  }
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      // Shared caches may keep it briefly too; it never holds per-user content.
      "cache-control": "public, max-age=0, s-maxage=30, stale-while-revalidate=60",
      vary: "Cookie",
    },
  });
}
