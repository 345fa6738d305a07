/**
 * Link targets that no check of ours may let through, whatever it is for: neither a path to
 * send a reader back to after sign-in (`safeRedirectPath`) nor a link in an e-mail
 * (`safeUrl`). Each such test runs these, plus the cases its own rule adds.
 */
export const HOSTILE_LINKS: readonly string[] = [
  // Protocol-relative: another site, though it starts like a path.
  "//evil.example",
  "/\\evil.example",
  // Script and document schemes, in any case.
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,x",
  "vbscript:x",
  // Control characters (header splitting) and white space.
  "/a\nb",
  "https://a.test/\nx",
  "https://a b.test",
  // Nothing, or a scheme with no host.
  "",
  "https://",
];
