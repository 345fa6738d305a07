import Link from "next/link";
import { HeaderSearchInput } from "@/components/header-search-input";

const NAV = [
  { href: "/", label: "Trending" },
  { href: "/trending", label: "Past days" },
  { href: "/daily", label: "Daily" },
  { href: "/weekly", label: "Weekly" },
  { href: "/monthly", label: "Monthly" },
  { href: "/new", label: "New" },
];

export function SiteHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header className="border-b border-stone-300 bg-white dark:border-stone-800 dark:bg-stone-900">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2">
        <Link href="/" className="font-serif text-lg font-semibold text-accent no-underline dark:text-accent-dark">
          Paperboard
        </Link>
        <nav aria-label="Feeds" className="flex flex-wrap gap-x-3 gap-y-0.5 text-sm">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} className="text-stone-700 hover:underline dark:text-stone-300">
              {item.label}
            </Link>
          ))}
        </nav>
        <form action="/search" method="get" role="search" className="order-last w-full sm:order-none sm:w-auto">
          <label htmlFor="header-search" className="sr-only">
            Search papers
          </label>
          <HeaderSearchInput
            id="header-search"
            name="q"
            type="search"
            placeholder="Search papers…"
            className="w-full rounded border border-stone-300 bg-stone-50 px-2 py-0.5 text-sm sm:w-36 dark:border-stone-700 dark:bg-stone-950"
          />
        </form>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <Link href="/submit" className="text-stone-700 hover:underline dark:text-stone-300">
            Submit
          </Link>
          {children}
        </div>
      </div>
    </header>
  );
}
