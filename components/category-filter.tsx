import Link from "next/link";

export interface CategoryFilterProps {
  /** The feed's own path: the form submits here, so paging and periods stay as they are. */
  action: string;
  /** The categories present, most common first. */
  categories: { category: string; papers: number }[];
  current?: string;
}

/**
 * Narrows a feed to one arXiv category. A plain GET form, so it works without JavaScript;
 * submitting starts again at the first page of the narrowed list.
 */
export function CategoryFilter({ action, categories, current }: CategoryFilterProps) {
  if (categories.length === 0 && !current) return null;
  const options =
    current && !categories.some((item) => item.category === current)
      ? [{ category: current, papers: 0 }, ...categories]
      : categories;
  return (
    <form
      action={action}
      method="get"
      className="mb-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm"
      data-testid="category-filter"
    >
      <label htmlFor="category-filter" className="text-stone-500">
        Category
      </label>
      <select
        id="category-filter"
        name="category"
        defaultValue={current ?? ""}
        className="max-w-[14rem] rounded border border-stone-300 bg-transparent px-1 py-0.5 dark:border-stone-700 dark:bg-stone-900"
      >
        <option value="">all</option>
        {options.map((item) => (
          <option key={item.category} value={item.category}>
            {item.category} ({item.papers})
          </option>
        ))}
      </select>
      <button type="submit" className="rounded border border-stone-300 px-2 py-0.5 dark:border-stone-700">
        Filter
      </button>
      {current && (
        <span className="text-stone-500" data-testid="category-note">
          only <span className="font-mono">{current}</span>, ranked within it ·{" "}
          <Link href={action} className="underline">
            all categories
          </Link>
        </span>
      )}
    </form>
  );
}
