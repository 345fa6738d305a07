"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server render and during hydration, true afterwards: for controls that only
 * work with JavaScript (copy, keyboard help), so that a page without it never shows a dead
 * button. useSyncExternalStore gives the server snapshot while hydrating, so there is no
 * mismatch.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
