import "server-only";
import type { Voting } from "@/components/paper-list";
import { voteFormAction } from "@/app/actions/votes";
import { getUpvotedArxivIds } from "@/lib/ranking/votes";
import { getViewer } from "@/lib/identity/viewer";
import { signInHref } from "@/lib/http/urls";

/** The reader's upvote state for the papers on a page, in one query. */
export async function votingFor(arxivIds: string[], currentPath: string): Promise<Voting> {
  const viewer = await getViewer();
  const upvoted = await getUpvotedArxivIds(viewer?.id, arxivIds);
  return {
    upvoted: [...upvoted],
    signInHref: viewer ? null : signInHref(currentPath),
    formAction: voteFormAction,
  };
}
