import { authorsLine, plural } from "../format";
import { escapeHtml } from "../html-escape";
import { plainTexText } from "../discussion/tex";

/**
 * The digest and confirmation e-mails, as subject + HTML + plain text. Pure string building,
 * no I/O, so the job that sends them and the page that previews them render the same thing.
 *
 * The HTML is written for mail clients, not browsers: tables for layout, inline styles only
 * (Gmail drops <style> in many contexts, Outlook ignores most CSS), no images, fonts or
 * scripts. Every title, author and abstract comes from arXiv or a submitter, so all of it is
 * escaped, and a URL is only written when it is http(s): a `javascript:` link in an e-mail is
 * exactly what a phishing filter flags, and some webmail clients would follow it.
 */

export const MAX_DIGEST_PAPERS = 10;
const EXCERPT_LENGTH = 300;

export interface DigestPaper {
  arxivId: string;
  title: string;
  authors: string[];
  upvotes: number;
  abstract: string;
  url: string;
  rank: number;
}

export interface DigestEmailInput {
  siteName: string;
  siteUrl: string;
  period: "daily" | "weekly";
  /** "27 Nov 2026" (daily) or "Week 48, 2026" (weekly). */
  periodLabel: string;
  previewUrl: string;
  unsubscribeUrl: string;
  papers: DigestPaper[];
}

export interface ConfirmationEmailInput {
  siteName: string;
  siteUrl: string;
  confirmUrl: string;
  frequency: "daily" | "weekly";
  expiresInHours: number;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/**
 * One line of readable text: control characters dropped and whitespace runs collapsed, so a
 * title with a line break in it cannot forge a line ("Unsubscribe: …") in the plain-text part.
 */
function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** The URL if it is an absolute http(s) URL without whitespace or controls, else undefined. */
export function safeUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (!/^https?:\/\/[^\s\u0000-\u001f\u007f]+$/i.test(trimmed)) return undefined;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * About `max` characters of `text`, cut at the last word boundary before the limit, with "…"
 * when anything was cut. A single word longer than the limit is cut mid-word rather than lost.
 */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const clean = oneLine(text);
  if (clean.length <= max) return clean;
  const head = clean.slice(0, max + 1);
  const space = head.lastIndexOf(" ");
  let cut = space >= max * 0.5 ? head.slice(0, space) : head.slice(0, max);
  // Never leave half of a surrogate pair (an emoji or a rare math letter) at the end.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—(]+$/, "")}…`;
}

interface PreparedPaper {
  rank: number;
  arxivId: string;
  title: string;
  authors: string;
  upvotes: string;
  excerpt: string;
  url: string | undefined;
}

function preparePaper(paper: DigestPaper): PreparedPaper {
  const authors = paper.authors.map(oneLine).filter(Boolean);
  const upvotes = Number.isFinite(paper.upvotes) ? Math.trunc(paper.upvotes) : 0;
  return {
    rank: Number.isFinite(paper.rank) ? Math.trunc(paper.rank) : 0,
    arxivId: oneLine(paper.arxivId),
    title: oneLine(plainTexText(paper.title)) || "Untitled",
    // The shared rule (lib/format.ts): the first three names, then "et al.".
    authors: authorsLine(authors),
    upvotes: plural(upvotes, "upvote"),
    excerpt: excerpt(plainTexText(paper.abstract)),
    url: safeUrl(paper.url),
  };
}

// ---------------------------------------------------------------------------------------------
// HTML building blocks (inline styles only)

const FONT = "font-family:Helvetica,Arial,sans-serif;";
const TEXT_COLOR = "#222222";
const MUTED_COLOR = "#666666";
const LINK_COLOR = "#1a4d8f";
const ACCENT_COLOR = "#b31b1b";
const RULE_COLOR = "#e3e3e3";

function link(
  url: string | undefined,
  label: string,
  style = `color:${LINK_COLOR};text-decoration:underline;`,
): string {
  const text = escapeHtml(label);
  return url ? `<a href="${escapeHtml(url)}" style="${style}">${text}</a>` : text;
}

/** The document around `rows` (each a <tr>): a centred 600 px column on a white page. */
function htmlDocument(options: {
  title: string;
  preheader: string;
  siteName: string;
  siteUrl?: string;
  rows: string[];
}): string {
  const header = options.siteUrl
    ? `<a href="${escapeHtml(options.siteUrl)}" style="color:${ACCENT_COLOR};text-decoration:none;">${escapeHtml(options.siteName)}</a>`
    : escapeHtml(options.siteName);
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(options.title)}</title>`,
    "</head>",
    `<body style="margin:0;padding:0;background-color:#ffffff;color:${TEXT_COLOR};">`,
    // The preheader is the grey preview line inbox lists show next to the subject.
    `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:#ffffff;">${escapeHtml(options.preheader)}</div>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;background-color:#ffffff;">',
    '<tr><td align="center" style="padding:16px 12px;">',
    `<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;max-width:600px;${FONT}color:${TEXT_COLOR};">`,
    `<tr><td style="padding:0 0 10px 0;border-bottom:2px solid ${ACCENT_COLOR};${FONT}font-size:20px;font-weight:bold;">${header}</td></tr>`,
    ...options.rows,
    "</table>",
    "</td></tr>",
    "</table>",
    "</body>",
    "</html>",
  ].join("\n");
}

function paragraphRow(html: string, style = ""): string {
  return `<tr><td style="padding:12px 0 0 0;${FONT}font-size:14px;line-height:1.5;${style}">${html}</td></tr>`;
}

function footerRow(lines: string[]): string {
  const paragraphs = lines.map((line) => `<p style="margin:0 0 8px 0;">${line}</p>`).join("");
  return `<tr><td style="padding:16px 0 0 0;border-top:1px solid ${RULE_COLOR};${FONT}font-size:12px;line-height:1.5;color:${MUTED_COLOR};">${paragraphs}</td></tr>`;
}

function paperRow(paper: PreparedPaper): string {
  const meta = [`#${paper.rank}`, paper.arxivId ? `arXiv:${paper.arxivId}` : "", paper.upvotes].filter(Boolean);
  const title = link(paper.url, paper.title, `color:${LINK_COLOR};text-decoration:none;`);
  return [
    `<tr><td style="padding:14px 0;border-bottom:1px solid ${RULE_COLOR};${FONT}">`,
    `<p style="margin:0 0 4px 0;font-size:12px;color:${MUTED_COLOR};">${meta.map(escapeHtml).join(" &middot; ")}</p>`,
    `<p style="margin:0 0 4px 0;font-size:16px;line-height:1.35;font-weight:bold;">${title}</p>`,
    `<p style="margin:0 0 6px 0;font-size:13px;color:#444444;">${escapeHtml(paper.authors)}</p>`,
    paper.excerpt
      ? `<p style="margin:0 0 6px 0;font-size:14px;line-height:1.5;color:${TEXT_COLOR};">${escapeHtml(paper.excerpt)}</p>`
      : "",
    paper.url ? `<p style="margin:0;font-size:13px;">${link(paper.url, "Read and discuss \u2192")}</p>` : "",
    "</td></tr>",
  ]
    .filter(Boolean)
    .join("\n");
}

// ---------------------------------------------------------------------------------------------
// Digest

export function digestSubject(input: Pick<DigestEmailInput, "siteName" | "period" | "periodLabel">): string {
  const label = oneLine(input.periodLabel);
  const site = oneLine(input.siteName);
  return input.period === "daily"
    ? `Trending papers for ${label} \u00b7 ${site}`
    : `This week's trending papers (${label}) \u00b7 ${site}`;
}

export function renderDigestEmail(input: DigestEmailInput): RenderedEmail {
  const subject = digestSubject(input);
  const siteName = oneLine(input.siteName);
  const periodLabel = oneLine(input.periodLabel);
  const siteUrl = safeUrl(input.siteUrl);
  const previewUrl = safeUrl(input.previewUrl);
  const unsubscribeUrl = safeUrl(input.unsubscribeUrl);
  const papers = input.papers.slice(0, MAX_DIGEST_PAPERS).map(preparePaper);

  const heading =
    input.period === "daily" ? `Trending papers for ${periodLabel}` : `This week's trending papers (${periodLabel})`;
  const intro =
    papers.length === 0
      ? "No paper trended in this period. We will write again when the community has voted on something new."
      : papers.length === 1
        ? `The paper that gathered votes fastest on ${siteName}.`
        : `The ${papers.length} papers that gathered votes fastest on ${siteName}.`;
  const reason = `You are receiving this because you subscribed to the ${input.period} digest of trending papers on ${siteName}.`;

  const footerLinkStyle = `color:${MUTED_COLOR};text-decoration:underline;`;
  const footerLinks = [
    previewUrl ? link(previewUrl, "View this e-mail in your browser", footerLinkStyle) : "",
    unsubscribeUrl ? link(unsubscribeUrl, "Unsubscribe", footerLinkStyle) : "",
  ].filter(Boolean);
  const htmlFooter = [escapeHtml(reason), ...(footerLinks.length > 0 ? [footerLinks.join(" &middot; ")] : [])];

  const html = htmlDocument({
    title: subject,
    preheader: papers[0] ? `#1: ${papers[0].title}` : intro,
    siteName,
    siteUrl,
    rows: [
      `<tr><td style="padding:14px 0 0 0;${FONT}font-size:18px;line-height:1.3;font-weight:bold;">${escapeHtml(heading)}</td></tr>`,
      paragraphRow(escapeHtml(intro), `color:${MUTED_COLOR};padding-bottom:6px;`),
      ...papers.map(paperRow),
      ...(papers.length === 0 && siteUrl ? [paragraphRow(link(siteUrl, `Browse ${siteName}`))] : []),
      footerRow(htmlFooter),
    ],
  });

  const textPapers = papers.map((paper) =>
    [
      `${paper.rank}. ${paper.title}`,
      `   ${paper.authors}`,
      `   ${[paper.arxivId ? `arXiv:${paper.arxivId}` : "", paper.upvotes].filter(Boolean).join(" \u00b7 ")}`,
      paper.excerpt ? `   ${paper.excerpt}` : "",
      paper.url ? `   ${paper.url}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  const text = [
    `${siteName} \u2014 ${heading}`,
    "",
    intro,
    ...(papers.length === 0 && siteUrl ? ["", `Browse ${siteName}: ${siteUrl}`] : []),
    ...textPapers.flatMap((block) => ["", block]),
    "",
    "-- ",
    reason,
    ...(previewUrl ? [`View this e-mail in your browser: ${previewUrl}`] : []),
    ...(unsubscribeUrl ? [`Unsubscribe: ${unsubscribeUrl}`] : []),
    "",
  ].join("\n");

  return { subject, html, text };
}

// ---------------------------------------------------------------------------------------------
// Double opt-in confirmation

function duration(hours: number): string {
  const whole = Math.max(1, Math.round(hours));
  return whole % 24 === 0 ? plural(whole / 24, "day") : plural(whole, "hour");
}

/** A table "button": padding on the cell, because Outlook ignores padding on links. */
function button(url: string, label: string): string {
  return [
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:separate;margin:4px 0;">',
    `<tr><td align="center" bgcolor="${LINK_COLOR}" style="border-radius:4px;background-color:${LINK_COLOR};padding:10px 18px;">`,
    `<a href="${escapeHtml(url)}" style="${FONT}font-size:15px;font-weight:bold;color:#ffffff;text-decoration:none;">${escapeHtml(label)}</a>`,
    "</td></tr>",
    "</table>",
  ].join("");
}

/**
 * The double opt-in mail. Unlike the digest's links, the confirmation link is the whole point
 * of the message, so an unusable one throws instead of rendering a mail nobody can act on.
 */
export function renderConfirmationEmail(input: ConfirmationEmailInput): RenderedEmail {
  const confirmUrl = safeUrl(input.confirmUrl);
  if (!confirmUrl) throw new TypeError("renderConfirmationEmail: confirmUrl must be an absolute http(s) URL");
  const siteName = oneLine(input.siteName);
  const siteUrl = safeUrl(input.siteUrl);
  const expires = duration(input.expiresInHours);
  const what = `the ${input.frequency} digest of trending papers from ${siteName}`;

  const subject = `Confirm your ${input.frequency} digest subscription \u00b7 ${siteName}`;
  const request = `Someone, hopefully you, asked to receive ${what} at this address.`;
  const action = "To start receiving it, confirm your subscription:";
  const expiry = `This link expires in ${expires}.`;
  const ignore = "If you did not ask for this, ignore this e-mail: nothing will be sent to you unless you confirm.";

  const html = htmlDocument({
    title: subject,
    preheader: `Confirm to receive ${what}.`,
    siteName,
    siteUrl,
    rows: [
      `<tr><td style="padding:14px 0 0 0;${FONT}font-size:18px;line-height:1.3;font-weight:bold;">Confirm your subscription</td></tr>`,
      paragraphRow(escapeHtml(request)),
      paragraphRow(escapeHtml(action)),
      paragraphRow(button(confirmUrl, "Confirm subscription")),
      paragraphRow(
        `If the button does not work, paste this link into your browser:<br>${link(confirmUrl, confirmUrl, `color:${LINK_COLOR};text-decoration:underline;word-break:break-all;`)}`,
        `font-size:13px;color:${MUTED_COLOR};`,
      ),
      paragraphRow(escapeHtml(expiry)),
      footerRow([escapeHtml(ignore)]),
    ],
  });

  const text = [
    `${siteName} \u2014 Confirm your subscription`,
    "",
    request,
    "",
    action,
    confirmUrl,
    "",
    expiry,
    "",
    "-- ",
    ignore,
    ...(siteUrl ? [siteUrl] : []),
    "",
  ].join("\n");

  return { subject, html, text };
}
