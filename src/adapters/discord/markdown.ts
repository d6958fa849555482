/**
 * Safe Discord text: markdown escaping that never touches a link, mention neutralising, and truncation
 * that respects a length limit exactly.
 *
 * Quoted transcript text is arbitrary: it may contain `*`, `_`, `@everyone`, `<@123>` or a URL with
 * underscores. {@link safeText} escapes markdown only outside URLs (escaping `watch?v=a_b` would break the
 * link) and defuses every mention, so the text renders as said
 * and never pings, even where `allowed_mentions` is lost (a copy-paste, a client that ignores it).
 *
 * Lengths are UTF-16 code units (`string.length`), which is never less than the code points Discord counts,
 * so a string that fits here fits on Discord.
 *
 * @example
 * safeText('ask @everyone about *GPUs* https://youtu.be/a_b')
 * // 'ask @\u200Beveryone about \\*GPUs\\* https://youtu.be/a_b'
 * fitText('a long quote ...', 20, safeText) // at most 20 chars, ends with '…' when cut
 */
/** Zero-width space: inserted after `@` so `@everyone` and `<@123>` stay readable but inert. */
export const ZWSP = '\u200B';

/** The ellipsis appended to cut text. */
export const ELLIPSIS = '…';

/** A URL as it appears in running text: scheme to the next whitespace or angle bracket. */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>]+/gi;

/**
 * Defuses mentions: `@everyone`, `@here` (any case), `<@123>`, `<@!123>`, `<@&456>` get a zero-width space
 * after the `@`, so Discord neither pings nor renders them as mentions.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(/<@/g, `<@${ZWSP}`).replace(/@(everyone|here)/gi, `@${ZWSP}$1`);
}

/**
 * Markdown escaping of plain text (no links inside), in one linear pass. Discord renders a backslash
 * before any ASCII punctuation as that character, so escaping every formatting character is exact:
 * emphasis, code, spoilers, masked-link brackets and `<...>` tags (timestamps, channels) everywhere;
 * headings, lists and quotes at the start. (discord.js `escapeMarkdown` is avoided: its lookbehinds are
 * quadratic on long text and it escapes inside URLs.)
 */
function escapePlain(text: string): string {
  return text.replace(/[\\*_~`|[\]<]/g, '\\$&').replace(/^(\s*)([#>-]|\d+\.)/, (_m, space: string, mark: string) => `${space}\\${mark}`);
}

/** Options of {@link safeText}. */
export interface SafeTextOptions {
  /**
   * Wrap URLs in `<...>` so Discord shows no preview card for them (needed in message content; embeds
   * never unfurl). Default false.
   */
  wrapUrls?: boolean;
}

/**
 * Plain text made safe for Discord markdown: markdown escaped outside URLs, URLs left byte-for-byte intact
 * (optionally wrapped in `<>`), mentions neutralised, line breaks folded into spaces.
 *
 * @example safeText('a_b https://x.y/a_b', { wrapUrls: true }) === 'a\\_b <https://x.y/a_b>'
 */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  const flat = text.replace(/\s+/g, ' ');
  let out = '';
  let last = 0;
  for (const match of flat.matchAll(URL_PATTERN)) {
    const index = match.index ?? 0;
    out += neutraliseMentions(escapePlain(flat.slice(last, index)));
    // A URL is never escaped; an `@` inside one does not ping, so it is left as is.
    out += options.wrapUrls ? `<${match[0]}>` : match[0];
    last = index + match[0].length;
  }
  out += neutraliseMentions(escapePlain(flat.slice(last)));
  return out;
}

/** Text for places Discord does not parse as markdown (embed footers, author names): mentions only. */
export function plainText(text: string): string {
  return neutraliseMentions(text.replace(/\s+/g, ' '));
}

/**
 * The label of a masked link `[label](url)`: every markdown-significant ASCII punctuation character is
 * backslash-escaped (Discord renders `\\X` as a literal `X` for any punctuation), so the label cannot close
 * early, start formatting or auto-link; mentions are neutralised.
 */
export function linkLabel(text: string): string {
  return neutraliseMentions(text.replace(/\s+/g, ' ').replace(/[\\`*_~|[\]()<>#:!.+=-]/g, '\\$&'));
}

/**
 * A URL safe to put inside `(...)` of a masked link: characters that would end the link early are
 * percent-encoded; everything else is left exactly as given.
 */
export function linkTarget(url: string): string {
  // encodeURIComponent leaves `(` and `)` alone (RFC 3986 "marks"), so they are spelled out.
  return url.replace(/[()<>\s]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
}

/** `[label](url)`, or the escaped label alone when there is no URL. */
export function maskedLink(label: string, url: string | undefined): string {
  return url ? `[${linkLabel(label)}](${linkTarget(url)})` : safeText(label);
}

/** The first `n` code points of `text` (never splits a surrogate pair). */
function codePoints(text: string): string[] {
  return Array.from(text);
}

/**
 * The longest rendering of a prefix of `raw` that fits in `max` characters: `render(prefix + '…')`, or
 * `render(raw)` when the whole text fits. Cuts at a word boundary when one is near. Returns `''` when not
 * even the ellipsis fits.
 *
 * `render` maps raw text to its final form (escaping may lengthen it); the result always satisfies
 * `result.length <= max`.
 *
 * @example fitText('hello world', 8, (s) => s) === 'hello …'
 */
export function fitText(raw: string, max: number, render: (text: string) => string = (s) => s): string {
  if (max <= 0) return '';
  const whole = render(raw);
  if (whole.length <= max) return whole;
  const chars = codePoints(raw);
  const attempt = (n: number): string => render(chars.slice(0, n).join('').trimEnd() + ELLIPSIS);
  // Binary search the longest prefix whose rendering fits (rendered length grows with the prefix).
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (attempt(mid).length <= max) lo = mid;
    else hi = mid - 1;
  }
  // Prefer ending on a word boundary when it costs little.
  let cut = lo;
  for (let i = lo; i > Math.max(0, lo - 24); i--) {
    if (/\s/.test(chars[i] ?? '')) {
      cut = i;
      break;
    }
  }
  let result = attempt(cut);
  // Escaping is not strictly monotone in rare cases; step down until the limit holds.
  while (result.length > max && cut > 0) result = attempt(--cut);
  if (result.length > max) return ELLIPSIS.length <= max ? ELLIPSIS : '';
  return result;
}
