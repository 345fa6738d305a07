"use client";

import { useEffect, useRef } from "react";
import { useHydrated } from "@/components/use-hydrated";

export const FEED_SHORTCUTS: { keys: string; action: string }[] = [
  { keys: "j", action: "Select the next paper" },
  { keys: "k", action: "Select the previous paper" },
  { keys: "o", action: "Open the selected paper" },
  { keys: "u", action: "Upvote the selected paper, or remove your upvote" },
  { keys: "s", action: "Save the selected paper for later, or take it off your reading list" },
  { keys: "?", action: "Show these shortcuts" },
  { keys: "Esc", action: "Close this help" },
];

const CARD = '[data-testid="paper-card"]';

/**
 * The card `o` left, per feed URL, so that Back returns the selection to it. sessionStorage:
 * per tab, gone with it, and used once: the next visit of that feed (normally Back) takes it.
 */
const RETURN_KEY = "paperboard:feed-selection";

function feedLocation(): string {
  return window.location.pathname + window.location.search;
}

/** Keys typed into a field, or chorded with a modifier, belong to the browser and the field. */
function ignored(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return true;
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === "INPUT" ||
    target.tagName === "TEXTAREA" ||
    target.tagName === "SELECT"
  );
}

/**
 * Keyboard shortcuts over the paper cards inside it, in the manner of Gmail and Hacker News
 * readers. The selected card is marked with data-selected (styled by the card) and its title
 * link takes the focus, so screen readers announce the paper and Enter opens it too. `u`, `s` and
 * `o` click the card's own controls, so they behave exactly as a click would: signed-out
 * readers are taken to sign-in.
 */
export function FeedShortcuts({ children }: { children: React.ReactNode }) {
  const listRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const selected = useRef(-1);
  const hydrated = useHydrated();

  useEffect(() => {
    const container = listRef.current;
    if (!container) return;
    const cards = () => Array.from(container.querySelectorAll<HTMLElement>(CARD));

    function select(index: number) {
      const list = cards();
      if (list.length === 0) return;
      const next = Math.max(0, Math.min(list.length - 1, index));
      list.forEach((card, position) => {
        if (position === next) card.setAttribute("data-selected", "true");
        else card.removeAttribute("data-selected");
      });
      selected.current = next;
      const card = list[next]!;
      card.querySelector<HTMLElement>("[data-paper-link]")?.focus({ preventScroll: true });
      card.scrollIntoView({ block: "nearest" });
    }

    function onKeyDown(event: KeyboardEvent) {
      if (ignored(event) || dialogRef.current?.open) return;
      const current = selected.current >= 0 ? cards()[selected.current] : undefined;
      let control: HTMLElement | null | undefined;
      switch (event.key) {
        case "j":
          select(selected.current + 1);
          break;
        case "k":
          select(Math.max(0, selected.current - 1));
          break;
        case "o":
          control = current?.querySelector<HTMLElement>("[data-paper-link]");
          if (!control) return;
          try {
            sessionStorage.setItem(
              RETURN_KEY,
              JSON.stringify({ at: feedLocation(), arxivId: current!.dataset.arxivId }),
            );
          } catch {
            // Storage refused (private mode, quota): Back simply starts without a selection.
          }
          control.click();
          break;
        case "u":
          control = current?.querySelector<HTMLElement>("[data-upvote-control]");
          if (!control) return;
          control.click();
          break;
        case "s":
          control = current?.querySelector<HTMLElement>("[data-save-control]");
          if (!control) return;
          control.click();
          break;
        case "?":
          dialogRef.current?.showModal();
          break;
        default:
          return;
      }
      event.preventDefault();
    }

    // Tabbing or clicking into a card makes it the selected one, so j/k continue from there.
    function onFocusIn(event: FocusEvent) {
      const card = event.target instanceof Element ? event.target.closest<HTMLElement>(CARD) : null;
      const index = card ? cards().indexOf(card) : -1;
      if (index >= 0 && index !== selected.current) {
        cards().forEach((other) => other.removeAttribute("data-selected"));
        card!.setAttribute("data-selected", "true");
        selected.current = index;
      }
    }

    // Back from the paper `o` opened: the selection returns to the card it left.
    try {
      const saved = JSON.parse(sessionStorage.getItem(RETURN_KEY) ?? "null") as {
        at?: string;
        arxivId?: string;
      } | null;
      if (saved?.at === feedLocation()) {
        sessionStorage.removeItem(RETURN_KEY);
        const index = cards().findIndex((card) => card.dataset.arxivId === saved.arxivId);
        if (index >= 0) select(index);
      }
    } catch {
      // Unreadable storage or a malformed entry: no selection to restore.
    }

    document.addEventListener("keydown", onKeyDown);
    container.addEventListener("focusin", onFocusIn);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      container.removeEventListener("focusin", onFocusIn);
    };
  }, []);

  return (
    <>
      <div ref={listRef}>{children}</div>
      {hydrated && (
        <p className="mt-3 hidden text-xs text-stone-500 sm:block">
          <button
            type="button"
            className="cursor-pointer hover:underline"
            onClick={() => dialogRef.current?.showModal()}
          >
            Keyboard shortcuts: press <kbd className="font-mono">?</kbd>
          </button>
        </p>
      )}
      <dialog
        ref={dialogRef}
        aria-labelledby="feed-shortcuts-heading"
        className="m-auto w-[min(24rem,calc(100vw-2rem))] rounded border border-stone-300 bg-white p-4 text-sm text-stone-900 shadow-lg backdrop:bg-black/30 dark:border-stone-700 dark:bg-stone-900 dark:text-stone-100"
        data-testid="shortcuts-help"
      >
        <h2 id="feed-shortcuts-heading" className="font-serif text-base font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          {FEED_SHORTCUTS.map((shortcut) => (
            <div key={shortcut.keys} className="contents">
              <dt>
                <kbd className="rounded border border-stone-300 px-1.5 font-mono text-xs dark:border-stone-600">
                  {shortcut.keys}
                </kbd>
              </dt>
              <dd className="text-stone-600 dark:text-stone-300">{shortcut.action}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog" className="mt-3 text-right">
          <button type="submit" className="rounded border border-stone-300 px-2 py-0.5 dark:border-stone-600">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
