/**
 * Button tokens: everything needed to continue an answer, in the token itself, so a click works after a
 * restart, on another shard, or days later. No server-side state.
 *
 * Format: a kind letter, then `:`-separated fields; text fields are percent-encoded (UTF-8) with `+` for
 * a space, so a token is printable ASCII, at most {@link MAX_TOKEN_LENGTH} characters, and never has `|`
 * (Discord custom ids and Slack action values both take it).
 *
 * | kind | token | meaning |
 * |---|---|---|
 * | quote page | `m:<offset>:<count>:<query>[:<video>[:<speaker>]]` | next page of `quote` |
 * | share | `s:<offset>:<count>:<query>[:<video>[:<speaker>]]` | the same page again, posted publicly |
 * | passage | `p:<videoId>:<seconds>` | one passage (e.g. a random quote) posted publicly |
 * | context | `c:<videoId>:<seconds>:<before>:<after>` | the passages around a moment |
 * | timeline page | `t:<offset>:<query>[:<video>]` | next page of `timeline` |
 * | videos page | `v:<offset>` | next page of `videos` |
 *
 * @example
 * encodeToken({ kind: 'quote', query: 'scaling laws', offset: 3, count: 3 }) === 'm:3:3:scaling+laws'
 */

/** The longest token allowed (Discord's custom_id limit is 100; we keep a margin for adapter prefixes). */
export const MAX_TOKEN_LENGTH = 64;

/** What a token continues. */
export type Continuation =
  | { kind: 'quote'; query: string; offset: number; count: number; video?: string; speaker?: string; share?: boolean }
  | { kind: 'passage'; videoId: string; seconds: number }
  | { kind: 'context'; videoId: string; seconds: number; before: number; after: number }
  | { kind: 'timeline'; query: string; offset: number; video?: string }
  | { kind: 'videos'; offset: number };

function enc(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

function dec(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

function nat(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d{1,9}$/.test(s)) return undefined;
  return Number(s);
}

/** Required fields, then optional ones with the empty trailing ones dropped. */
function fields(required: string[], optional: string[]): string {
  const out = [...optional];
  while (out.length && out[out.length - 1] === '') out.pop();
  return [...required, ...out].join(':');
}

/** Serializes without any shortening; may exceed the limit. */
function serialize(c: Continuation): string {
  switch (c.kind) {
    case 'quote':
      return fields([c.share ? 's' : 'm', String(c.offset), String(c.count), enc(c.query)], [enc(c.video ?? ''), enc(c.speaker ?? '')]);
    case 'passage':
      return ['p', enc(c.videoId), String(Math.floor(c.seconds))].join(':');
    case 'context':
      return ['c', enc(c.videoId), String(Math.floor(c.seconds)), String(c.before), String(c.after)].join(':');
    case 'timeline':
      return fields(['t', String(c.offset), enc(c.query)], [enc(c.video ?? '')]);
    case 'videos':
      return `v:${c.offset}`;
  }
}

/** Cuts `text` to at most `maxLength` characters at a word boundary (or mid-word when one word is longer). */
export function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : text.slice(0, maxLength)).trim();
}

/**
 * Encodes a continuation as a token of at most {@link MAX_TOKEN_LENGTH} characters, or undefined when it
 * cannot fit (e.g. an enormous video id), in which case the adapter simply shows no button.
 *
 * A query too long to fit is replaced by `terms` (the content words the search reduced it to), and if that
 * is still too long, cut at a word boundary: the next page then continues the gist of the question.
 */
export function encodeToken(c: Continuation, terms: readonly string[] = []): string | undefined {
  const full = serialize(c);
  if (full.length <= MAX_TOKEN_LENGTH) return full;
  if (c.kind !== 'quote' && c.kind !== 'timeline') return undefined;
  const candidates = [terms.join(' ').trim(), c.query.trim()].filter(Boolean);
  for (const base of candidates) {
    let query = base;
    while (query) {
      const token = serialize({ ...c, query });
      if (token.length <= MAX_TOKEN_LENGTH) return token;
      const shorter = truncateAtWord(query, query.length - Math.max(1, Math.ceil((token.length - MAX_TOKEN_LENGTH) / 3)));
      query = shorter.length < query.length ? shorter : query.slice(0, -1);
    }
  }
  return undefined;
}

/** Decodes a token, or undefined when it is not one of ours (never throws). */
export function decodeToken(token: unknown): Continuation | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token) || token.includes('|')) {
    return undefined;
  }
  try {
    const [kind, ...f] = token.split(':');
    switch (kind) {
      case 'm':
      case 's': {
        const offset = nat(f[0]);
        const count = nat(f[1]);
        if (offset === undefined || count === undefined || count < 1 || f.length < 3 || f.length > 5) return undefined;
        const c: Continuation = { kind: 'quote', offset, count, query: dec(f[2]!) };
        if (f[3]) c.video = dec(f[3]);
        if (f[4]) c.speaker = dec(f[4]);
        if (kind === 's') c.share = true;
        return c;
      }
      case 'p': {
        const seconds = nat(f[1]);
        if (f.length !== 2 || !f[0] || seconds === undefined) return undefined;
        return { kind: 'passage', videoId: dec(f[0]), seconds };
      }
      case 'c': {
        const [seconds, before, after] = [nat(f[1]), nat(f[2]), nat(f[3])];
        if (f.length !== 4 || !f[0] || seconds === undefined || before === undefined || after === undefined) return undefined;
        return { kind: 'context', videoId: dec(f[0]), seconds, before, after };
      }
      case 't': {
        const offset = nat(f[0]);
        if (offset === undefined || f.length < 2 || f.length > 3) return undefined;
        const c: Continuation = { kind: 'timeline', offset, query: dec(f[1]!) };
        if (f[2]) c.video = dec(f[2]);
        return c;
      }
      case 'v': {
        const offset = nat(f[0]);
        if (offset === undefined || f.length !== 1) return undefined;
        return { kind: 'videos', offset };
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}
