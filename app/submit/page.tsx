import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SubmitForm } from "@/components/submit-form";
import { submitPaperAction } from "@/app/actions/submit";
import { BANNED_MESSAGE } from "@/lib/moderation/moderation";
import { getViewer } from "@/lib/identity/viewer";
import { signInHref } from "@/lib/http/urls";

export const metadata: Metadata = { title: "Submit a paper" };

export default async function SubmitPage() {
  await connection();
  const viewer = await getViewer();
  if (!viewer) redirect(signInHref("/submit"));
  return (
    <div className="mt-6">
      <h1 className="font-serif text-2xl font-semibold">Submit a paper</h1>
      <p className="mt-1 max-w-xl text-sm text-stone-600 dark:text-stone-400">
        Paste an arXiv id or link. The title, authors and abstract come from arXiv. If the paper is already here, you
        will land on its page.
      </p>
      {viewer.banned ? <p className="mt-4 text-sm">{BANNED_MESSAGE}</p> : <SubmitForm action={submitPaperAction} />}
    </div>
  );
}
