import type { Metadata, Viewport } from "next";
import Link from "next/link";
import "katex/dist/katex.min.css";
import "./globals.css";
import { SiteHeader } from "@/components/site-header";
import { AccountControls } from "@/components/account-controls";
import { signInWithGitHub, signOutAndGoHome } from "@/app/actions/auth";
import type { Me } from "@/lib/http/api-schemas";
import { availableSignIn } from "@/lib/identity/auth";
import { countUnread } from "@/lib/reader/notifications";
import { getReaderTemplate, getViewer } from "@/lib/identity/viewer";

export const metadata: Metadata = {
  title: { default: "Paperboard", template: "%s · Paperboard" },
  description: "Trending research papers, ranked by how fast the community upvotes them now.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#1c1917" },
  ],
};

/**
 * The header's account corner is rendered here, on the server, so that a reader without
 * JavaScript sees their menu (issue 15). Pages that declare `dynamic = "force-static"`
 * (/about, /account-deleted) stay prerendered: there the session reads as absent and the
 * corner fills itself in the browser from GET /api/me.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [viewer, template] = await Promise.all([getViewer(), getReaderTemplate()]);
  const me: Me = {
    viewer: viewer && { login: viewer.login, name: viewer.name, image: viewer.image, role: viewer.role },
    signIn: availableSignIn(),
    // A template reader's count is one of the same kind as its readers' (lib/cache/reader-overlay.ts).
    unreadNotifications: template ? template.unread : viewer ? await countUnread(viewer.id) : 0,
  };
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        {/* The first thing a keyboard reaches: past the header to the page's own content. */}
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader>
          <AccountControls
            key={viewer?.id ?? "signed-out"}
            initial={viewer ? me : null}
            actions={{ signIn: signInWithGitHub, signOut: signOutAndGoHome }}
          />
        </SiteHeader>
        <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-3 pb-12 focus:outline-none">
          {children}
        </main>
        <footer className="mx-auto max-w-5xl border-t border-stone-200 px-3 py-4 text-xs text-stone-500 dark:border-stone-800">
          <nav aria-label="Site" className="flex flex-wrap gap-x-4 gap-y-1">
            <Link href="/about" className="hover:underline">
              About
            </Link>
            <Link href="/ranking" className="hover:underline">
              How ranking works
            </Link>
            <Link href="/moderation" className="hover:underline">
              Moderation log
            </Link>
          </nav>
        </footer>
      </body>
    </html>
  );
}
