/**
 * The cookies that carry an Auth.js database session: `__Secure-` over https, plain over
 * http. Pure, so that proxy.ts (the page cache) can tell a signed-in request without a query.
 */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
