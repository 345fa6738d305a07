import { parseTexText } from "@/lib/tex";

/**
 * Renders arXiv's LaTeX-flavoured text. Only KaTeX's own output (trust off) is set as HTML;
 * every other character goes through React's escaping.
 */
export function TexText({ text }: { text: string }) {
  return (
    <>
      {parseTexText(text).map((segment, index) => {
        if (segment.kind === "text") return segment.text;
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
