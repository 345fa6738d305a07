import { describe, expect, it } from "vitest";
import {
  applyReaderOverlay as applyToBytes,
  decodeTemplate,
  encodeTemplate,
  followButtonsOf,
  inScript,
  reactHtml,
  templateFor,
  type OverlayReader,
} from "./reader-overlay";

/**
 * The overlay's rules on small pages written the way Next writes them. That the result is the
 * page Next itself renders for a reader is checked against real renders in
 * e2e/shared-cache.spec.ts ("the reader overlay").
 */

/** The overlay on a page written as a string here, as it is stored: UTF-8 bytes. */
function applyReaderOverlay(...[html, ...rest]: [string, ...Tail<Parameters<typeof applyToBytes>>]): string | null {
  return applyToBytes(Buffer.from(html), ...rest)?.toString() ?? null;
}
type Tail<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

const reader = (overrides: Partial<OverlayReader> = {}): OverlayReader => ({
  id: "user-1",
  login: "alice",
  name: "Alice",
  image: "https://avatars.example/u/1?s=40&v=4",
  email: "alice@example.org",
  unread: 0,
  upvoted: new Set(),
  saved: new Set(),
  following: new Set(),
  ...overrides,
});

/** A page with a header and one card, as rendered for `template`, HTML then React's payload. */
function page(template: NonNullable<ReturnType<typeof templateFor>>["template"], extraHtml = ""): string {
  const payload =
    `0:["$","$L1","${template.id}",{"initial":{"viewer":{"login":"${template.login}","name":"${template.name}","image":"${template.image}"},"unreadNotifications":${template.unread}}}]\n` +
    `2:["$","li","2401.00001",{"data-arxiv-id":"2401.00001","children":["$","$L3",null,{"arxivId":"2401.00001","upvoted":false,"upvotes":7}]}]\n`;
  return (
    `<html><body><header><summary aria-label="Account menu for ${template.name}"><img src="${template.image}"/>` +
    `<span>${template.login}</span></summary></header>` +
    `<li class="card" data-testid="paper-card" data-arxiv-id="2401.00001"><form><input type="hidden" name="upvoted" value="true"/>` +
    `<button type="submit" aria-label="Upvote, 7 votes" aria-pressed="false" title="Upvote, 7 votes" class="upvote upvote-off cursor-pointer disabled:cursor-wait">7</button></form></li>` +
    `${extraHtml}<script>self.__next_f.push([1,"${inScript(payload)}"])</script></body></html>`
  );
}

describe("the template a reader's page is made from", () => {
  it("has the reader's shape and none of their data", () => {
    const made = templateFor(reader())!;
    expect(made.template).toEqual({
      id: "pbtpl-reader-id",
      login: "pbtpl-login",
      name: "pbtpl-name",
      image: "https://pbtpl.invalid/avatar.png",
      email: "pbtpl-reader@pbtpl.invalid",
      unread: 0,
    });
    // Another reader of the same shape shares the copy; a different shape has its own.
    expect(templateFor(reader({ id: "user-2", login: "bob", name: "Anne", email: "anne@example.org" }))!.key).toBe(
      made.key,
    );
    // Without an avatar the initial shows, and is part of the shape.
    expect(templateFor(reader({ image: null }))!.template.name).toBe("Abtpl-name");
    expect(templateFor(reader({ image: null, name: "Bob" }))!.key).not.toBe(templateFor(reader({ image: null }))!.key);
    for (const other of [
      reader({ image: null }),
      reader({ email: null }),
      reader({ unread: 3 }),
      reader({ unread: 250 }),
    ]) {
      expect(templateFor(other)!.key).not.toBe(made.key);
    }
    expect(templateFor(reader({ unread: 3 }))!.template.unread).toBe(42);
    expect(templateFor(reader({ unread: 250 }))!.template.unread).toBe(100);
    // With no name the label is the login, whose initial the avatar shows.
    expect(templateFor(reader({ name: null, login: "zed", image: null }))!.template.login).toBe("zbtpl-login");
  });

  it("is not made for readers whose header a replacement cannot write", () => {
    expect(templateFor(reader({ name: "😀 Smile", image: null }))).toBeNull();
    // With an avatar the initial is not drawn: any name will do.
    expect(templateFor(reader({ name: "😀 Smile" }))).not.toBeNull();
    expect(templateFor(reader({ login: "not a login" }))).toBeNull();
    expect(templateFor(reader({ name: "x".repeat(301) }))).toBeNull();
    expect(templateFor(reader({ email: "" }))).toBeNull();
  });

  it("travels in a header that only a well-formed template passes", () => {
    const { template } = templateFor(reader())!;
    expect(decodeTemplate(encodeTemplate(template))).toEqual(template);
    expect(decodeTemplate("not base64 json")).toBeNull();
    expect(
      decodeTemplate(Buffer.from(JSON.stringify({ ...template, role: "admin" })).toString("base64url")),
    ).toBeNull();
    expect(decodeTemplate(null)).toBeNull();
  });
});

describe("the overlay", () => {
  it("writes the reader's strings in each half's own escaping, and their upvotes", () => {
    const alice = reader({ name: `Ann "A" <b>&'`, upvoted: new Set(["2401.00001"]) });
    const { template } = templateFor(alice)!;
    const made = applyReaderOverlay(page(template), template, alice)!;
    expect(made).not.toBeNull();
    expect(made).not.toContain("pbtpl");
    expect(made).toContain(`aria-label="Account menu for ${reactHtml(alice.name!)}"`);
    expect(made).toContain("Ann &quot;A&quot; &lt;b&gt;&amp;&#x27;");
    expect(made).toContain('src="https://avatars.example/u/1?s=40&amp;v=4"');
    expect(made).toContain(inScript(`"name":${JSON.stringify(alice.name)}`));
    expect(made).toContain(inScript(`"user-1",{"initial"`));
    expect(made).toContain('value="false"');
    expect(made).toContain('aria-label="Remove upvote, 7 votes" aria-pressed="true" title="Remove upvote, 7 votes"');
    expect(made).toContain("upvote upvote-on");
    expect(made).toContain(inScript(`"arxivId":"2401.00001","upvoted":true`));
  });

  it("leaves a paper the reader did not upvote as the template has it", () => {
    const bob = reader();
    const { template } = templateFor(bob)!;
    const made = applyReaderOverlay(page(template), template, bob)!;
    expect(made).toContain('aria-pressed="false"');
    expect(made).toContain(inScript(`"upvoted":false`));
  });

  it("writes the unread count", () => {
    const carol = reader({ unread: 7 });
    const { template } = templateFor(carol)!;
    const html = page(template, `<span class="ml-1 rounded-full font-semibold text-white">42</span>`);
    const made = applyReaderOverlay(html, template, carol)!;
    expect(made).toContain('font-semibold text-white">7</span>');
    expect(made).toContain(inScript(`"unreadNotifications":7`));
  });

  it("gives way to Next when the copy is not as expected", () => {
    const dave = reader({ upvoted: new Set(["2401.00001"]) });
    const { template } = templateFor(dave)!;
    // A sentinel inside a longer string of the payload: a replacement would not be the render.
    const inText = page(template).replace(
      `${inScript('"upvotes":7')}`,
      `${inScript(`"upvotes":7,"title":"by ${template.name} and others"`)}`,
    );
    expect(applyReaderOverlay(inText, template, dave)).toBeNull();
    // A paper the reader upvoted that is not on the page.
    expect(applyReaderOverlay(page(template), template, { ...dave, upvoted: new Set(["2401.99999"]) })).toBeNull();
    // No payload at all.
    expect(applyReaderOverlay("<html></html>", template, dave)).toBeNull();
  });

  it("writes the Follow buttons the reader follows, and only those", () => {
    const erin = reader({ following: new Set(["author:Ada & Co"]) });
    const { template } = templateFor(erin)!;
    const off = "border-stone-300 text-stone-700 hover:border-stone-500 dark:border-stone-600 dark:text-stone-300";
    const button = (key: string) =>
      `<form><input type="hidden" name="kind" value="author"/><input type="hidden" name="key" value="${reactHtml(key)}"/>` +
      `<input type="hidden" name="follow" value="true"/><input type="hidden" name="returnTo" value="/p"/>` +
      `<button type="submit" class="rounded border px-1.5 py-0 text-xs ${off} cursor-pointer" aria-label="Follow ${reactHtml(key)}" title="Follow ${reactHtml(key)}" data-follow-control="author">Follow</button></form>`;
    const element = (key: string) =>
      `["$","form",null,{"children":[["$","input",null,{"type":"hidden","name":"kind","value":"author"}],["$","input",null,{"type":"hidden","name":"key","value":${JSON.stringify(key)}}],` +
      `["$","input",null,{"type":"hidden","name":"follow","value":"true"}],["$","button",null,{"type":"submit","className":"rounded border px-1.5 py-0 text-xs ${off} cursor-pointer","aria-label":"Follow ${key}","title":"Follow ${key}","data-follow-control":"author","children":"Follow"}]]}]`;
    const html = page(template, button("Ada & Co") + button("Bob")).replace("</script>", "</script>");
    const withPayload = html.replace(
      `${inScript('"upvotes":7')}`,
      `${inScript(`"upvotes":7,"follows":[${element("Ada & Co")},${element("Bob")}]`)}`,
    );
    expect(followButtonsOf(Buffer.from(withPayload))).toEqual(["author:Ada & Co", "author:Bob"]);
    const made = applyReaderOverlay(withPayload, template, erin)!;
    expect(made).not.toBeNull();
    expect(made.split(">Unfollow</button>").length - 1).toBe(1);
    expect(made).toContain('aria-label="Unfollow Ada &amp; Co" title="Unfollow Ada &amp; Co"');
    expect(made).toContain('aria-label="Follow Bob"');
    expect(made).toContain(inScript('"aria-label":"Unfollow Ada & Co","title":"Unfollow Ada & Co"'));
    expect(made).toContain(inScript('"children":"Unfollow"'));
    expect(made.split(inScript('"name":"follow","value":"false"')).length - 1).toBe(1);
    // An author listed twice has two buttons: both are written.
    const twice = page(template, button("Ada & Co") + button("Ada & Co")).replace(
      `${inScript('"upvotes":7')}`,
      `${inScript(`"upvotes":7,"follows":[${element("Ada & Co")},${element("Ada & Co")}]`)}`,
    );
    const both = applyReaderOverlay(twice, template, erin)!;
    expect(both.split(">Unfollow</button>").length - 1).toBe(2);
    expect(both.split(inScript('"children":"Unfollow"')).length - 1).toBe(2);
    // A followed author with no button on the page: the overlay cannot be the page.
    expect(applyReaderOverlay(withPayload, template, { ...erin, following: new Set(["author:Carol"]) })).toBeNull();
  });
});
