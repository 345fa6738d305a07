/** The cookie of a one-time message for the next page (lib/http/flash.ts); pure, for proxy.ts. */
export const FLASH_COOKIE = "pb_flash";
