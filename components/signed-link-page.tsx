import type { ReactNode } from "react";

/** The props Next passes the page a signed link in a mail opens. */
export interface SignedLinkPageProps {
  searchParams: Promise<Record<string, string | string[]>>;
}

/** The link's `?token=`: anything but one value reads as none (""), which the action refuses. */
export function linkToken(searchParams: Record<string, string | string[]>): string {
  const token = searchParams.token;
  return typeof token === "string" ? token : "";
}

/**
 * The page a signed link in a mail opens (confirm a subscription, unsubscribe): its title,
 * then what it does and its one button (`TokenActionForm`), or why the link is no good.
 */
export function SignedLinkPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto mt-10 max-w-md">
      <h1 className="font-serif text-2xl font-semibold">{title}</h1>
      {children}
    </div>
  );
}
