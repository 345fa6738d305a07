import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { withTestDatabase } from "@/testing/with-test-database";
import { papers, users } from "@/db/schema";
import { establishedUser, loadViewer } from "@/testing/viewers";
import { AppError } from "../errors";
import { BANNED_MESSAGE } from "../moderation/moderation";
import { actionsFor, formFlag, formReturnTo, type FormState } from "./server-action";
import { safeRedirectPath } from "./safe-redirect";
import { castVote } from "../ranking/votes";
import type { Viewer } from "../identity/viewer";

const database = withTestDatabase();

/** A request as the wrapper sees one: who is signed in (read from the database), and the one-time messages it set. */
function requestAs(userId: string | null) {
  const flashes: string[] = [];
  const actions = actionsFor({
    viewer: async () => (userId ? loadViewer(userId) : null),
    flash: async (message) => {
      flashes.push(message);
    },
  });
  return { flashes, ...actions };
}

/** Where an action sent the browser: Next's redirect() throws an error whose digest holds the URL. */
async function redirectOf(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return digest.split(";")[2]!;
    throw error;
  }
  throw new Error("the action did not redirect");
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const PAPER = "2401.00001";
const voteForm = z.object({ arxivId: z.string(), upvoted: formFlag });
const paperPage = (fields: { arxivId?: string }) => `/papers/${fields.arxivId ?? ""}`;
const initial: FormState = { error: null, field: null };

describe("the server action wrapper", () => {
  beforeAll(async () => {
    await database
      .db()
      .insert(users)
      .values([establishedUser("reader"), establishedUser("banned", { bannedAt: new Date() })]);
    await database.db().insert(papers).values({ arxivId: PAPER, title: "A paper" });
  });

  it("names the bad field: in the reader's words when it has a label, as it is for a hidden field", async () => {
    const { formAction, formStateAction, flashes } = requestAs("reader");
    let ran = false;
    const named = formStateAction(
      {
        input: z.object({ name: z.string().trim().min(1, "must not be empty") }),
        viewer: "required",
        page: "/settings",
        labels: { name: "The name" },
      },
      async () => {
        ran = true;
        return initial;
      },
    );
    expect(await named(initial, form({ name: "   " }))).toEqual({
      error: "The name must not be empty.",
      field: "name",
    });
    expect(await named(initial, form({}))).toMatchObject({ field: "name" });

    const vote = formAction({ input: voteForm, viewer: "required", page: paperPage }, async () => {
      ran = true;
    });
    expect(await redirectOf(vote(form({ arxivId: PAPER, upvoted: "yes" })))).toBe(`/papers/${PAPER}`);
    expect(flashes).toEqual(["Malformed form: upvoted: must be true or false."]);
    expect(ran).toBe(false);
  });

  it("sends a signed-out caller to sign in and back, without running the action; an optional viewer is null", async () => {
    const { formAction, formStateAction, flashes } = requestAs(null);
    let ran = false;
    const vote = formAction({ input: voteForm, viewer: "required", page: paperPage }, async () => {
      ran = true;
    });
    expect(await redirectOf(vote(form({ arxivId: PAPER, upvoted: "true" })))).toBe(
      `/signin?callbackUrl=${encodeURIComponent(`/papers/${PAPER}`)}`,
    );
    const stateful = formStateAction({ input: z.object({}), viewer: "required", page: "/submit" }, async () => {
      ran = true;
      return initial;
    });
    expect(await redirectOf(stateful(initial, form({})))).toBe("/signin?callbackUrl=%2Fsubmit");
    expect(ran).toBe(false);
    expect(flashes).toEqual([]);

    let seen: Viewer | null | undefined;
    const open = formStateAction({ input: z.object({}), viewer: "optional", page: "/" }, async ({ viewer }) => {
      seen = viewer;
      return initial;
    });
    await open(initial, form({}));
    expect(seen).toBeNull();
  });

  it("reports a refusal of lib/ one way: the message on the form's page, or in the form's state", async () => {
    const { formAction, formStateAction, flashes } = requestAs("banned");
    // The real refusal, from the database: the banned account's vote.
    const vote = formAction({ input: voteForm, viewer: "required", page: paperPage }, async ({ input, viewer }) => {
      await castVote(viewer, input.arxivId, input.upvoted);
    });
    expect(await redirectOf(vote(form({ arxivId: PAPER, upvoted: "true" })))).toBe(`/papers/${PAPER}`);
    expect(flashes).toEqual([BANNED_MESSAGE]);

    const stateful = formStateAction(
      { input: voteForm, viewer: "required", page: paperPage },
      async ({ input, viewer }) => {
        await castVote(viewer, input.arxivId, input.upvoted);
        return initial;
      },
    );
    expect(await stateful(initial, form({ arxivId: PAPER, upvoted: "true" }))).toEqual({
      error: BANNED_MESSAGE,
      field: null,
    });
    // A refusal about a field names it; a form's own shape keeps what it needs (the text typed).
    const typed = formStateAction(
      {
        input: z.object({ login: z.string() }),
        viewer: "required",
        page: "/settings",
        refused: (refusal, _state, fields) => ({ ...refusal, typed: fields.login ?? "" }),
      },
      async (): Promise<FormState & { typed?: string }> => {
        throw new AppError(422, "login: type your login, banned, to confirm", { field: "login" });
      },
    );
    expect(await typed(initial, form({ login: "wrong" }))).toEqual({
      error: "login: type your login, banned, to confirm",
      field: "login",
      typed: "wrong",
    });
    expect(flashes).toEqual([BANNED_MESSAGE]);
  });

  it("lets any other exception through: a bug reaches the error page, with no message", async () => {
    const { formAction, flashes } = requestAs("reader");
    const broken = formAction({ input: z.object({}), viewer: "required", page: "/" }, async () => {
      throw new Error("a bug");
    });
    await expect(broken(form({}))).rejects.toThrow("a bug");
    expect(flashes).toEqual([]);
  });

  it("goes back to the form's page after success, or where the action says, with its message; a forged page stays on this site", async () => {
    const { formAction, flashes } = requestAs("reader");
    const back = formAction(
      {
        input: z.object({ returnTo: formReturnTo }),
        viewer: "required",
        page: (fields) => safeRedirectPath(fields.returnTo),
      },
      async () => {},
    );
    expect(await redirectOf(back(form({ returnTo: "/saved?page=2" })))).toBe("/saved?page=2");
    expect(await redirectOf(back(form({ returnTo: "//evil.example/" })))).toBe("/");
    const elsewhere = formAction({ input: z.object({}), viewer: "required", page: "/u/reader" }, async () => ({
      flash: "Removed.",
      redirectTo: "/moderation",
    }));
    expect(await redirectOf(elsewhere(form({})))).toBe("/moderation");
    expect(flashes).toEqual(["Removed."]);
  });

  it("is how every server action in app/actions is written", () => {
    const folder = path.join(import.meta.dirname, "..", "..", "app", "actions");
    const files = readdirSync(folder).filter((name) => name.endsWith(".ts"));
    expect(files.length).toBeGreaterThanOrEqual(10);
    // The live preview takes the text, not a form, and calls a wrapped action itself.
    const plainFunctions = new Set(["previewCommentAction"]);
    for (const name of files) {
      const source = readFileSync(path.join(folder, name), "utf8");
      expect(source.startsWith('"use server";'), name).toBe(true);
      for (const line of source.split("\n").filter((text) => text.startsWith("export "))) {
        const ok =
          /^export (interface|type) /.test(line) ||
          /^export const \w+ = (formAction|formStateAction)\(/.test(line) ||
          plainFunctions.has(/^export async function (\w+)/.exec(line)?.[1] ?? "");
        expect(ok, `${name}: ${line}`).toBe(true);
      }
      // Viewer, validation and refusals are the wrapper's: no action does them by hand.
      expect(source, name).not.toMatch(/getViewer|instanceof AppError|setFlash|formData\.get\(/);
    }
  });
});
