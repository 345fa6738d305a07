import "server-only";
import { cookies } from "next/headers";
import { FLASH_COOKIE } from "@/lib/http/flash-cookie";

/**
 * A one-time message for the next page, for the no-JavaScript paths: a server action that
 * fails (rate limited, banned) redirects back and the layout shows why. Short-lived, so a
 * browser without JavaScript (which cannot clear it) sees it only on the next page or two.
 */
const FLASH_SECONDS = 15;

export async function setFlash(message: string): Promise<void> {
  (await cookies()).set(FLASH_COOKIE, message.slice(0, 300), {
    httpOnly: false,
    sameSite: "lax",
    path: "/",
    maxAge: FLASH_SECONDS,
  });
}

export async function readFlash(): Promise<string | null> {
  return (await cookies()).get(FLASH_COOKIE)?.value ?? null;
}

export { FLASH_COOKIE };
