import Link from "next/link";
import { HeaderSearchInput } from "@/components/header-search-input";

/** The feeds, one scheme: each has its own date navigation inside (dated snapshots under Trending). */
export const FEED_NAV = [
  { href: "/", label: "Trending" },
  { href: "/daily", label: "Daily" },
  { href: "/weekly", label: "Weekly" },
  { href: "/monthly", label: "Monthly" },
  { href: "/new", label: "New" },
];

/**
 * One row on a desktop. On a phone two short rows, at most 64 px together: the name, search
 * (an icon linking to /search) and the account; then the feeds on one line that scrolls
 * sideways rather than wraps.
 */
export function SiteHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header
      className="border-b border-stone-300 bg-white dark:border-stone-800 dark:bg-stone-900"
      data-testid="site-header"
    >
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 px-3 py-1 sm:py-2">
        <Link
          href="/"
          className="font-serif text-lg leading-7 font-semibold text-accent no-underline dark:text-accent-dark"
        >
          Paperboard
        </Link>
        <nav
          aria-label="Feeds"
          className="order-last -mx-3 flex w-[calc(100%+1.5rem)] gap-x-4 overflow-x-auto px-3 text-sm whitespace-nowrap sm:order-none sm:mx-0 sm:w-auto sm:gap-x-3 sm:overflow-visible sm:px-0"
        >
          {FEED_NAV.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              className="inline-flex min-h-6 items-center text-stone-700 hover:underline dark:text-stone-300"
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <form action="/search" method="get" role="search" aria-label="Search the site" className="hidden sm:block">
          <label htmlFor="header-search" className="sr-only">
            Search papers
          </label>
          <HeaderSearchInput
            id="header-search"
            name="q"
            type="search"
            placeholder="Search papers…"
            className="w-36 rounded border border-stone-300 bg-stone-50 px-2 py-0.5 text-sm dark:border-stone-700 dark:bg-stone-950"
          />
        </form>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <Link
            href="/search"
            className="inline-flex size-6 items-center justify-center text-stone-700 sm:hidden dark:text-stone-300"
            aria-label="Search papers"
          >
            <svg
              aria-hidden="true"
              viewBox="0 0 20 20"
              width="18"
              height="18"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
            >
              <circle cx="8.5" cy="8.5" r="5.5" />
              <path d="m13 13 4.5 4.5" strokeLinecap="round" />
            </svg>
          </Link>
          <Link
            href="/submit"
            className="inline-flex min-h-6 items-center text-stone-700 hover:underline dark:text-stone-300"
          >
            Submit
          </Link>
          {children}
        </div>
      </div>
    </header>
  );
}
