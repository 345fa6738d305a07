"use client";

import { useEffect } from "react";

/** Shows a one-time server message and clears its cookie so that it is not shown again. */
export function FlashMessage({ message, cookieName }: { message: string; cookieName: string }) {
  useEffect(() => {
    document.cookie = `${cookieName}=; Max-Age=0; path=/`;
  }, [cookieName]);
  return (
    <p
      role="alert"
      className="mx-auto mt-3 max-w-5xl rounded border border-accent px-3 py-2 text-sm text-accent dark:text-accent-dark"
    >
      {message}
    </p>
  );
}
