import Link from "next/link";
import { withQuery } from "@/lib/papers/categories";
import { periodKeyLabel } from "@/lib/ranking/periods";

/** Previous/next links and a picker, as a plain GET form so it works without JavaScript. */
export function PeriodNav(props: {
  basePath: string;
  previous: string | null;
  next: string | null;
  current: string;
  picker?: { type: "date" | "week" | "month"; name: string; min?: string; max?: string };
  /** Where "later" leads when there is no next period: the live feed, from its latest snapshot. */
  latest?: { href: string; label: string };
  /** On the live feed: nothing comes later. */
  live?: boolean;
  /** Filters kept when moving between periods (the category). */
  keep?: Record<string, string | undefined>;
}) {
  const keep = props.keep ?? {};
  return (
    <nav aria-label="Periods" className="mt-1 mb-2 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      {props.previous ? (
        <Link href={withQuery(`${props.basePath}/${props.previous}`, keep)} rel="prev" className="hover:underline">
          ← {periodKeyLabel(props.previous)}
        </Link>
      ) : (
        <span className="text-stone-500">← earlier</span>
      )}
      {props.next ? (
        <Link href={withQuery(`${props.basePath}/${props.next}`, keep)} rel="next" className="hover:underline">
          {periodKeyLabel(props.next)} →
        </Link>
      ) : props.latest ? (
        <Link href={withQuery(props.latest.href, keep)} className="hover:underline">
          {props.latest.label} →
        </Link>
      ) : props.live ? null : (
        <span className="text-stone-500">later →</span>
      )}
      {props.picker && (
        <form action={props.basePath} method="get" className="flex items-center gap-1.5">
          <label htmlFor="period-picker" className="text-stone-600 dark:text-stone-400">
            Go to
          </label>
          <input
            id="period-picker"
            type={props.picker.type}
            name={props.picker.name}
            defaultValue={props.current}
            min={props.picker.min}
            max={props.picker.max}
            className="rounded border border-stone-300 bg-transparent px-1.5 py-0.5 dark:border-stone-700"
          />
          {Object.entries(keep).map(([name, value]) =>
            value ? <input key={name} type="hidden" name={name} value={value} /> : null,
          )}
          <button type="submit" className="rounded border border-stone-300 px-2 py-0.5 dark:border-stone-700">
            Go
          </button>
        </form>
      )}
    </nav>
  );
}
