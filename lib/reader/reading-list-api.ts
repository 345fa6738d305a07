import "server-only";
import type { SavedPaperJson, SavedStateJson } from "@/lib/http/api-schemas";
import type { SavedPaper, SavedState } from "@/lib/reader/reading-list";
import { paperToJson } from "@/lib/papers/paper-json";

/** The reading list's JSON shapes (lib/http/api-schemas.ts SavedState, SavedPaperList). */
export function savedStateToJson(state: SavedState): SavedStateJson {
  return {
    id: state.arxivId,
    saved: state.saved,
    savedAt: state.savedAt?.toISOString() ?? null,
    readAt: state.readAt?.toISOString() ?? null,
  };
}

export function savedPaperToJson(paper: SavedPaper): SavedPaperJson {
  return {
    paper: paperToJson(paper),
    savedAt: paper.savedAt.toISOString(),
    readAt: paper.readAt?.toISOString() ?? null,
  };
}
