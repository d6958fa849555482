/**
 * Slack `mrkdwn` text helpers: escaping plain text so it can never become markup, links whose label is
 * escaped and whose URL is kept intact, and length-bounded truncation that never cuts an escape.
 *
 * Slack's rule (https://docs.slack.dev/messaging/formatting-message-text#escaping): replace `&`, `<` and `>`
 * with `&amp;`, `&lt;` and `&gt;`, and nothing else. With `<` escaped, text such as `<!channel>`,
 * `<!here>`, `<@U123>` or `<!subteam^S1>` shows literally and never notifies anyone.
 */

/**
 * A zero-width word joiner. Inserted after the `@` of `@channel`, `@here` and `@everyone` so that the
 * words read the same but cannot be turned into a mention by any client-side or `link_names` parsing.
 */
const WORD_JOINER = '\u2060';

/**
 * Escapes plain text for a mrkdwn field: `&`, `<`, `>` become entities, and the bare broadcast words
 * `@channel`, `@here`, `@everyone` get an invisible word joiner after the `@`.
 *
 * @example escapeMrkdwn('Tom & <!channel>') === 'Tom &amp; &lt;!channel&gt;'
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, `@${WORD_JOINER}$1`);
}

/** URLs longer than this are not linked (the label is shown alone). */
export const MAX_URL_LENGTH = 1500;

/**
 * The URL as it may stand inside `<url|label>`: returned unchanged when it is an absolute http(s) URL
 * without characters that would end the link markup, those characters (`|`, `<`, `>`, whitespace)
 * percent-encoded otherwise, and undefined for anything that is not http(s) (no `javascript:` links) or
 * is longer than `maxLength` (default {@link MAX_URL_LENGTH}), which would crowd the text out of a section.
 */
export function linkTarget(url: string | undefined, maxLength = MAX_URL_LENGTH): string | undefined {
  if (!url || url.length > maxLength) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c));
}

/**
 * A mrkdwn link `<url|label>` with the label escaped and the URL left intact, or just the escaped label
 * when there is no usable URL.
 *
 * @example mrkdwnLink('https://www.youtube.com/watch?v=x&t=5s', 'Q&A <live>')
 *   === '<https://www.youtube.com/watch?v=x&t=5s|Q&amp;A &lt;live&gt;>'
 */
export function mrkdwnLink(url: string | undefined, label: string): string {
  const target = linkTarget(url);
  // A label made only of whitespace would render as an empty link: fall back to the URL itself.
  const text = escapeMrkdwn(label.replace(/\s+/g, ' ').trim());
  if (!target) return text;
  return text ? `<${target}|${text}>` : `<${target}>`;
}

/**
 * Escapes `text` and, when the escaped form would be longer than `max` characters, cuts the plain text
 * (never inside an escape entity or a surrogate pair) and appends `…`, so the result is at most `max`
 * characters long.
 *
 * @example escapeTruncated('a & b & c', 12) === 'a &amp; b…'
 */
export function escapeTruncated(text: string, max: number): string {
  const full = escapeMrkdwn(text);
  if (full.length <= max) return full;
  if (max <= 0) return '';
  const chars = Array.from(text);
  // Binary search the longest prefix whose escaped form plus the ellipsis fits.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (escapeMrkdwn(chars.slice(0, mid).join('')).length + 1 <= max) lo = mid;
    else hi = mid - 1;
  }
  // Trimming only shortens the escaped prefix, so it still fits with the ellipsis.
  return `${escapeMrkdwn(chars.slice(0, lo).join('').trimEnd())}…`;
}

/** A plain string cut to at most `max` UTF-16 units without splitting a surrogate pair (`…` appended when cut). */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length + 1 > max) break;
    out += ch;
  }
  return `${out}…`;
}

/** Prefixes every line with `>` so the text renders as a block quote. */
export function blockQuote(escaped: string): string {
  return escaped
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/**
 * Cuts already-formatted mrkdwn to at most `max` characters without breaking markup: the cut never lands
 * inside a `<...>` link or mention token or inside an `&...;` entity, and `…` marks it. A safety net for
 * the renderer, whose pieces are sized to fit in the first place.
 */
export function cutMrkdwn(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  if (max <= 1) return '';
  let cut = max - 1;
  const open = mrkdwn.lastIndexOf('<', cut - 1);
  if (open >= 0 && mrkdwn.lastIndexOf('>', cut - 1) < open) cut = open;
  const amp = mrkdwn.lastIndexOf('&', cut - 1);
  if (amp >= 0 && mrkdwn.lastIndexOf(';', cut - 1) < amp) cut = amp;
  // Do not split a surrogate pair.
  const code = mrkdwn.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${mrkdwn.slice(0, cut)}…`;
}
