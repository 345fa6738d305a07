import "server-only";
import type { SavedPaper, SavedState } from "@/lib/reading-list";
import { paperToJson } from "@/lib/paper-json";

/** The reading list's JSON shapes (lib/api-schemas.ts SavedState, SavedPaperList). */
export function savedStateToJson(state: SavedState) {
  return {
    id: state.arxivId,
    saved: state.saved,
    savedAt: state.savedAt?.toISOString() ?? null,
    readAt: state.readAt?.toISOString() ?? null,
  };
}

export function savedPaperToJson(paper: SavedPaper) {
  return { paper: paperToJson(paper), savedAt: paper.savedAt.toISOString(), readAt: paper.readAt?.toISOString() ?? null };
}
