import type { Metadata, Viewport } from "next";
import Link from "next/link";
import "katex/dist/katex.min.css";
import "./globals.css";
import { SiteHeader } from "@/components/site-header";
import { AccountControls } from "@/components/account-controls";

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

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <SiteHeader>
          <AccountControls />
        </SiteHeader>
        <main className="mx-auto max-w-5xl px-3 pb-12">
          {children}
        </main>
        <footer className="mx-auto max-w-5xl border-t border-stone-200 px-3 py-4 text-xs text-stone-500 dark:border-stone-800">
          <nav aria-label="Site" className="flex flex-wrap gap-x-4 gap-y-1">
            <Link href="/about" className="hover:underline">About</Link>
            <Link href="/ranking" className="hover:underline">How ranking works</Link>
            <Link href="/moderation" className="hover:underline">Moderation log</Link>
          </nav>
        </footer>
      </body>
    </html>
  );
}
