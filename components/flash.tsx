import { connection } from "next/server";
import { FlashMessage } from "@/components/flash-message";
import { FLASH_COOKIE, readFlash } from "@/lib/http/flash";

export async function Flash() {
  await connection();
  const message = await readFlash();
  return message ? <FlashMessage message={message} cookieName={FLASH_COOKIE} /> : null;
}
