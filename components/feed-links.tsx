import {
  FORMAT_LABELS,
  MEDIA_TYPES,
  SYNDICATION_FORMATS,
  feedPath,
  type FeedSource,
} from "@/lib/syndication/syndication";

/** "Follow: RSS · Atom" for the feed a page offers; the <head> announces the same URLs. */
export function FeedLinks({ source, label = "Follow" }: { source: FeedSource; label?: string }) {
  return (
    <p className="text-xs text-stone-500" data-testid="feed-links">
      {label}:{" "}
      {SYNDICATION_FORMATS.map((format, index) => (
        <span key={format}>
          {index > 0 && " · "}
          <a href={feedPath(source, format)} type={MEDIA_TYPES[format]} className="hover:underline">
            {FORMAT_LABELS[format]}
          </a>
        </span>
      ))}
    </p>
  );
}
