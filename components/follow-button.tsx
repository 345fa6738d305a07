/**
 * Follow or unfollow an author, a category or a paper's discussion. A plain form posting to
 * a server action, so it works without JavaScript (and, with it, without a full reload).
 * Signed out, it is a link to the sign-in page that comes back here.
 */
export interface FollowButtonProps {
  kind: "author" | "category" | "paper";
  /** The author's name, the category or the arXiv id. */
  value: string;
  following: boolean;
  /** What is followed, for the button's accessible name: "Ashish Vaswani", "cs.CL", "this discussion". */
  label: string;
  returnTo: string;
  /** Null when signed in. */
  signInHref: string | null;
  formAction: (formData: FormData) => Promise<void>;
  size?: "small" | "normal";
}

export function FollowButton(props: FollowButtonProps) {
  const box = props.size === "small" ? "rounded border px-1.5 py-0 text-xs" : "rounded border px-2 py-0.5 text-sm";
  const colours = props.following
    ? "border-accent text-accent dark:border-accent-dark dark:text-accent-dark"
    : "border-stone-300 text-stone-700 hover:border-stone-500 dark:border-stone-600 dark:text-stone-300";
  // The accessible name starts with the visible word (WCAG 2.5.3, label in name).
  const name = `${props.following ? "Unfollow" : "Follow"} ${props.label}`;
  if (props.signInHref) {
    return (
      <a
        href={props.signInHref}
        className={`${box} ${colours} inline-block no-underline`}
        aria-label={`Follow ${props.label} (sign in first)`}
      >
        Follow
      </a>
    );
  }
  return (
    <form action={props.formAction} className="inline-block">
      <input type="hidden" name="kind" value={props.kind} />
      <input type="hidden" name="key" value={props.value} />
      <input type="hidden" name="follow" value={String(!props.following)} />
      <input type="hidden" name="returnTo" value={props.returnTo} />
      <button
        type="submit"
        className={`${box} ${colours} cursor-pointer`}
        aria-label={name}
        title={name}
        data-follow-control={props.kind}
      >
        {props.following ? "Unfollow" : "Follow"}
      </button>
    </form>
  );
}
