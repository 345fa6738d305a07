"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, type InputHTMLAttributes } from "react";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "defaultValue" | "value">;

function InputWithQuery(props: InputProps) {
  const pathname = usePathname();
  const query = useSearchParams().get("q");
  // Keyed by the query, so that a new search shows its words even after client navigation.
  const value = pathname === "/search" ? (query ?? "") : "";
  return <input key={value} {...props} defaultValue={value} />;
}

/**
 * The header's search box, which keeps the query on the search page. Rendered on the server
 * for per-request pages (so also without JavaScript); a prerendered page has no query and
 * gets the empty box of the fallback.
 */
export function HeaderSearchInput(props: InputProps) {
  return (
    <Suspense fallback={<input {...props} />}>
      <InputWithQuery {...props} />
    </Suspense>
  );
}
