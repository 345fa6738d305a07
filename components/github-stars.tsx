import { formatStars, formatWeeklyStars } from "@/lib/identity/github-client";

/** "★ 1.2k · +340 this week": a code repository's GitHub stars, small and quiet. */
export function GithubStars({
  stars,
  thisWeek,
}: {
  stars: number | null | undefined;
  thisWeek: number | null | undefined;
}) {
  if (stars === null || stars === undefined) return null;
  const weekly = formatWeeklyStars(thisWeek ?? null);
  return (
    <span data-testid="github-stars" title={`${stars.toLocaleString("en-US")} stars on GitHub`}>
      <span aria-hidden="true">★</span>
      <span className="sr-only">GitHub stars:</span> {formatStars(stars)}
      {weekly && <span className="text-stone-500"> · {weekly}</span>}
    </span>
  );
}
