import type { ReactNode } from "react";

/**
 * A part of a page under its own heading, named by it: a region that assistive technology
 * lists by its title. Each page passes its own heading style.
 */
export function LabelledSection({
  headingId,
  title,
  headingClassName,
  className,
  id,
  children,
}: {
  /** The heading's id, unique on the page. */
  headingId: string;
  title: ReactNode;
  headingClassName: string;
  className: string;
  id?: string;
  children: ReactNode;
}) {
  return (
    <section id={id} className={className} aria-labelledby={headingId}>
      <h2 id={headingId} className={headingClassName}>
        {title}
      </h2>
      {children}
    </section>
  );
}
