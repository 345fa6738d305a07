import { formatDate } from "@/lib/format";

/** Votes per day since the paper was added, as a server-rendered SVG bar chart. */
export function VoteHistoryChart({ history }: { history: { day: string; votes: number }[] }) {
  const total = history.reduce((sum, point) => sum + point.votes, 0);
  // No votes, no chart: an empty axis says nothing.
  if (total === 0) return null;
  const max = Math.max(1, ...history.map((point) => point.votes));
  const width = 600;
  const height = 64;
  const bar = width / history.length;
  const first = history[0]!.day;
  const last = history.at(-1)!.day;
  return (
    <figure className="mt-2">
      <svg
        role="img"
        aria-label={`${total} votes from ${formatDate(first)} to ${formatDate(last)}; at most ${max} in a day`}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        className="h-16 w-full text-accent dark:text-accent-dark"
        data-testid="vote-history"
      >
        <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} stroke="currentColor" strokeOpacity="0.25" />
        {history.map((point, index) =>
          point.votes === 0 ? null : (
            <rect
              key={point.day}
              x={index * bar + bar * 0.1}
              width={bar * 0.8}
              y={height - (point.votes / max) * (height - 2)}
              height={(point.votes / max) * (height - 2)}
              fill="currentColor"
              fillOpacity="0.7"
            >
              <title>{`${formatDate(point.day)}: ${point.votes}`}</title>
            </rect>
          ),
        )}
      </svg>
      <figcaption className="mt-1 flex justify-between text-xs text-stone-500">
        <span>{formatDate(first)}</span>
        <span>votes per day</span>
        <span>{formatDate(last)}</span>
      </figcaption>
    </figure>
  );
}
