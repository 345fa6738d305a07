"use client";

import { useState } from "react";
import { useHydrated } from "@/components/use-hydrated";

/**
 * The paper's BibTeX as selectable text, with a copy button once JavaScript runs (without it
 * the text is still there to select). The result of a copy is announced to screen readers.
 */
export function BibtexBlock({ bibtex }: { bibtex: string }) {
  const hydrated = useHydrated();
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(bibtex);
      setStatus("copied");
    } catch {
      // Clipboard access can be refused (permissions, insecure origin): the text stays selectable.
      setStatus("failed");
    }
  }

  return (
    <div className="relative mt-1 max-w-[70ch]">
      <pre
        className="overflow-x-auto rounded border border-stone-200 bg-white p-2 pr-16 font-mono text-xs leading-relaxed text-stone-800 select-all dark:border-stone-800 dark:bg-stone-900 dark:text-stone-200"
        data-testid="bibtex"
        // Long lines scroll sideways: focusable, so that a keyboard can scroll it too.
        tabIndex={0}
        role="region"
        aria-label="BibTeX entry"
      >
        {bibtex}
      </pre>
      {hydrated && (
        <button
          type="button"
          onClick={copy}
          onBlur={() => setStatus("idle")}
          className="absolute top-1.5 right-1.5 cursor-pointer rounded border border-stone-300 bg-stone-50 px-1.5 py-0.5 text-xs text-stone-600 hover:border-stone-500 dark:border-stone-700 dark:bg-stone-800 dark:text-stone-300"
        >
          <span aria-live="polite">
            {status === "copied" ? "Copied" : status === "failed" ? "Copy failed" : "Copy"}
          </span>
        </button>
      )}
    </div>
  );
}
