import { parseTexText, splitUrls } from "@/lib/discussion/tex";

/**
 * Renders arXiv's LaTeX-flavoured text. Only KaTeX's own output (trust off) is set as HTML;
 * every other character goes through React's escaping. With `links`, http(s) URLs in the
 * text become links (rel nofollow: arXiv text is not ours to vouch for).
 */
export function TexText({ text, links = false }: { text: string; links?: boolean }) {
  return (
    <>
      {parseTexText(text).map((segment, index) => {
        if (segment.kind === "text") {
          if (!links || !segment.text.includes("://")) return segment.text;
          return splitUrls(segment.text).map((part, partIndex) =>
            part.url ? (
              <a key={`${index}-${partIndex}`} href={part.url} rel="nofollow noopener" className="break-all underline">
                {part.text}
              </a>
            ) : (
              part.text
            ),
          );
        }
        if (segment.kind === "sup") return <sup key={index}>{segment.text}</sup>;
        return segment.display ? (
          <span key={index} className="block overflow-x-auto" dangerouslySetInnerHTML={{ __html: segment.html }} />
        ) : (
          <span key={index} dangerouslySetInnerHTML={{ __html: segment.html }} />
        );
      })}
    </>
  );
}
