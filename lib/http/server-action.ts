import "server-only";
import { redirect } from "next/navigation";
import { z } from "zod";
import { parseArxivId } from "@/lib/papers/arxiv-id";
import { AppError } from "@/lib/errors";
import { setFlash } from "@/lib/http/flash";
import { safeRedirectPath } from "@/lib/http/safe-redirect";
import { getViewer, type Viewer } from "@/lib/identity/viewer";
import { signInHref } from "@/lib/http/urls";

/**
 * The one shape of a server action (docs/ARCHITECTURE.md, "One way to write a server
 * action"): every action in app/actions is `formAction(options, run)` or
 * `formStateAction(options, run)`. The wrapper reads the form's fields, finds the viewer
 * (sending a signed-out reader to sign in when the action needs one), validates the fields
 * with the action's zod schema, runs the action, and turns every refusal (a bad field, an
 * AppError thrown by lib/) into one value, a Refusal, which reaches the reader the way the
 * form can show it: in the form's state (forms with useActionState), or as the one-time
 * message on the page the form returns to (plain forms, which work without JavaScript and
 * have no state). Anything else thrown is a bug and goes to the error page. Authorization
 * stays in lib/, where data changes; the wrapper only knows who is asking.
 */

/** A form's fields as posted: the first value of each name (files are not fields here). */
export type FormFields = Record<string, string | undefined>;

/** Why an action did nothing: a sentence for the reader, and the field it is about. */
export interface Refusal {
  error: string;
  field: string | null;
}

/** The least a form's state holds: the refusal, if any, and the field to mark. */
export interface FormState {
  error: string | null;
  field?: string | null;
}

/** "required": a signed-out reader is sent to sign in, then back to the form's page. "optional": lib/ decides. */
export type ViewerRule = "required" | "optional";
type ViewerFor<Rule extends ViewerRule> = Rule extends "required" ? Viewer : Viewer | null;

export interface ActionOptions<Schema extends z.ZodType, Rule extends ViewerRule> {
  /** The fields, validated: the first bad one is named in the refusal. */
  input: Schema;
  viewer: Rule;
  /**
   * The page the form is on, from its fields as posted: where a plain form goes back to, and
   * where a reader sent to sign in comes back to. Checked by safeRedirectPath.
   */
  page: string | ((fields: FormFields) => string);
  /**
   * Names of the fields a reader types into, to say what is wrong in their words ("Your
   * comment must not be empty."). A field without one is a hidden field: only a forged or
   * broken form gets it wrong, and the message names it as it is.
   */
  labels?: Readonly<Record<string, string>>;
}

export interface ActionContext<Input, Rule extends ViewerRule> {
  input: Input;
  viewer: ViewerFor<Rule>;
  /** The fields as posted, before validation (a comment's text exactly as typed, to give back). */
  fields: FormFields;
}

/** What a plain form's action may say when it succeeds: a one-time message, another page. */
export interface FormActionResult {
  flash?: string;
  redirectTo?: string;
}

/** Where an action's viewer and one-time messages come from: the request's cookies, or a test's. */
export interface ActionRequest {
  viewer(): Promise<Viewer | null>;
  flash(message: string): Promise<void>;
}

export function formFields(formData: FormData): FormFields {
  const fields: FormFields = {};
  for (const key of new Set(formData.keys())) {
    const value = formData.get(key);
    if (typeof value === "string") fields[key] = value;
  }
  return fields;
}

/** A zod issue as the reader reads it: the field's label and what is wrong with it. */
export function refusalOf(issue: z.core.$ZodIssue, labels: Readonly<Record<string, string>> = {}): Refusal {
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : null;
  const label = field === null ? undefined : labels[field];
  if (label) return { error: `${label} ${issue.message}.`, field };
  return {
    error: field === null ? `Malformed form: ${issue.message}.` : `Malformed form: ${field}: ${issue.message}.`,
    field,
  };
}

function pageOf(options: { page: string | ((fields: FormFields) => string) }, fields: FormFields): string {
  return safeRedirectPath(typeof options.page === "function" ? options.page(fields) : options.page);
}

type Attempt<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

/** The one place where an action meets its viewer, its validation and its refusals. */
async function attempt<Schema extends z.ZodType, Rule extends ViewerRule, T>(
  request: ActionRequest,
  options: ActionOptions<Schema, Rule>,
  fields: FormFields,
  run: (context: ActionContext<z.output<Schema>, Rule>) => Promise<T>,
): Promise<Attempt<T>> {
  const viewer = await request.viewer();
  if (options.viewer === "required" && !viewer) redirect(signInHref(pageOf(options, fields)));
  const parsed = options.input.safeParse(fields);
  if (!parsed.success) return { ok: false, refusal: refusalOf(parsed.error.issues[0]!, options.labels) };
  try {
    return { ok: true, value: await run({ input: parsed.data, viewer: viewer as ViewerFor<Rule>, fields }) };
  } catch (error) {
    // lib/ refused (not allowed, banned, rate limited, no such thing): a message, never an error page.
    if (error instanceof AppError)
      return { ok: false, refusal: { error: error.message, field: error.details.field ?? null } };
    throw error; // a redirect (Next's own control flow) or a bug
  }
}

/** The wrapper bound to where viewers and one-time messages come from (tests bind their own). */
export function actionsFor(request: ActionRequest) {
  /**
   * A plain form: `<form action={…}>` in a server component, one click, no state. A refusal
   * is the one-time message (lib/http/flash.ts) on the form's page; success goes back there too,
   * or where `run` says, with its message if it has one.
   */
  function formAction<Schema extends z.ZodType, Rule extends ViewerRule>(
    options: ActionOptions<Schema, Rule>,
    run: (context: ActionContext<z.output<Schema>, Rule>) => Promise<FormActionResult | void>,
  ): (formData: FormData) => Promise<never> {
    return async (formData) => {
      const fields = formFields(formData);
      const outcome = await attempt(request, options, fields, run);
      if (!outcome.ok) {
        await request.flash(outcome.refusal.error);
        redirect(pageOf(options, fields));
      }
      const done = (outcome.value as FormActionResult | undefined) ?? {};
      if (done.flash) await request.flash(done.flash);
      redirect(done.redirectTo ?? pageOf(options, fields));
    };
  }

  /**
   * A form with state (useActionState): the answer is shown in place, with or without
   * JavaScript (the page is rendered again from the state). A refusal becomes the state
   * `refused` makes of it; by default the previous state with `error` and `field` set.
   */
  function formStateAction<Schema extends z.ZodType, Rule extends ViewerRule, State>(
    options: ActionOptions<Schema, Rule> & { refused?: (refusal: Refusal, state: State, fields: FormFields) => State },
    run: (context: ActionContext<z.output<Schema>, Rule> & { state: State }) => Promise<State>,
  ): (state: State, formData: FormData) => Promise<State> {
    const refused = options.refused ?? ((refusal: Refusal, state: State) => ({ ...state, ...refusal }) as State);
    return async (state, formData) => {
      const fields = formFields(formData);
      const outcome = await attempt(request, options, fields, (context) => run({ ...context, state }));
      return outcome.ok ? outcome.value : refused(outcome.refusal, state, fields);
    };
  }

  return { formAction, formStateAction };
}

export const { formAction, formStateAction } = actionsFor({ viewer: getViewer, flash: setFlash });

// Fields that forms post the same way everywhere.

/** A boolean in a hidden input. */
export const formFlag = z
  .enum(["true", "false"], { error: "must be true or false" })
  .transform((value) => value === "true");
/** A row id (PostgreSQL integer) posted as text. */
export const formId = z.coerce
  .number({ error: "must be an id" })
  .int("must be an id")
  .positive("must be an id")
  .max(2_147_483_647, "must be an id");
/** Free text that is cut to `max` rather than refused (a moderator's reason); absent is "". */
export const formText = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").slice(0, max));
/** A user's login in a hidden input (the forms on a profile). */
export const formLogin = z.string().trim().min(1).max(100);
/** Where a form came from, checked by safeRedirectPath where it is used. */
export const formReturnTo = z.string().max(2000).optional();
/** A paper's arXiv id in a hidden input, as the paper's URL spells it. */
export const formArxivId = z.string().transform((raw, context) => {
  const id = parseArxivId(raw)?.id;
  if (!id) context.addIssue({ code: "custom", message: "is not an arXiv id" });
  return id ?? z.NEVER;
});
