import Link from "next/link";

export function Pager({ basePath, page, hasMore }: { basePath: string; page: number; hasMore: boolean }) {
  if (page === 1 && !hasMore) return null;
  return (
    <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
      {page > 1 && (
        <Link href={page === 2 ? basePath : `${basePath}?page=${page - 1}`} className="hover:underline" rel="prev">
          ← Previous
        </Link>
      )}
      {hasMore && (
        <Link href={`${basePath}?page=${page + 1}`} className="hover:underline" rel="next">
          More →
        </Link>
      )}
    </nav>
  );
}
