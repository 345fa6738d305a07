/**
 * The home page's "trending papers in your inbox" prompt can be dismissed for good in a
 * browser: a cookie, set by a server action (without JavaScript) or by the page itself (with
 * it, at once). No server state: a reader who clears cookies sees it again.
 */
export const SUBSCRIBE_PROMPT_DISMISSED_COOKIE = "pb_subscribe_prompt";
export const SUBSCRIBE_PROMPT_DISMISSED_VALUE = "dismissed";
/** About 400 days, the longest lifetime browsers keep a cookie for. */
export const SUBSCRIBE_PROMPT_DISMISSED_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;
