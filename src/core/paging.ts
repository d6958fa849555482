/**
 * Button tokens: everything needed to continue an answer, in the token itself, so a click works after a
 * restart, on another shard, or days later. No server-side state.
 *
 * A token is a prefix letter, then `:`-separated fields, as declared by a {@link TokenKind}: whole numbers
 * as digits, text percent-encoded (UTF-8) with `+` for a space; optional fields come last and trailing
 * empty ones are dropped. So a token is printable ASCII, at most {@link MAX_TOKEN_LENGTH} characters, and
 * never has `|` (Discord custom ids and Slack action values both take it).
 *
 * Each paged command declares its kinds next to its handler (`src/core/commands/<name>.ts`, `resume`);
 * this module only encodes and decodes them. The kinds in use:
 *
 * | kind | token | declared in |
 * |---|---|---|
 * | quote page | `m:<offset>:<count>:<query>[:<video>[:<speaker>]]` | `commands/quote.ts` |
 * | share | `s:<offset>:<count>:<query>[:<video>[:<speaker>]]` | `commands/quote.ts` |
 * | passage | `p:<videoId>:<seconds>` | `commands/random.ts` |
 * | context | `c:<videoId>:<seconds>:<before>:<after>` | `commands/context.ts` |
 * | timeline page | `t:<offset>:<query>[:<video>]` | `commands/timeline.ts` |
 * | videos page | `v:<offset>` | `commands/videos.ts` |
 * | card | `k:<videoId>:<seconds>:<charStart>:<charEnd>` | `commands/card.ts` |
 *
 * @example
 * encodeToken(QUOTE_PAGE, { query: 'scaling laws', offset: 3, count: 3 }) === 'm:3:3:scaling+laws'
 */

/** The longest token allowed (Discord's custom_id limit is 100; we keep a margin for adapter prefixes). */
export const MAX_TOKEN_LENGTH = 64;

/** One field of a token. */
export interface TokenField {
  /** Its key in the {@link TokenState}. */
  name: string;
  /** `nat`: a whole number 0-999,999,999 (floored when encoded); `text`: any string, percent-encoded. */
  type: 'nat' | 'text';
  /** May be absent (an empty optional text is left out). Optional fields follow the required ones. Default false. */
  optional?: boolean;
  /** Smallest accepted `nat` when decoding. Default 0. */
  min?: number;
  /** A required `text` that must not be empty. Default false. */
  nonEmpty?: boolean;
  /**
   * The field to shorten when the token is too long (a query): replaced by the content words the search
   * reduced it to, and if that is still too long, cut at a word boundary. At most one per kind.
   */
  shorten?: boolean;
}

/**
 * One kind of token: its prefix letter and fields.
 *
 * @example { prefix: 'v', fields: [{ name: 'offset', type: 'nat' }] } // `v:15`
 */
export interface TokenKind {
  /** One lowercase letter, unique among all kinds. */
  prefix: string;
  fields: readonly TokenField[];
}

/** The values of a token's fields, by field name (absent optional fields are undefined). */
export type TokenState = Record<string, string | number | undefined>;

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

/** Serializes without any shortening; may exceed the limit. */
function serialize(kind: TokenKind, state: TokenState): string {
  const required: string[] = [kind.prefix];
  const optional: string[] = [];
  for (const field of kind.fields) {
    const value = state[field.name];
    const text = field.type === 'nat' ? String(Math.floor(Number(value ?? 0))) : enc(String(value ?? ''));
    (field.optional ? optional : required).push(text);
  }
  while (optional.length && optional[optional.length - 1] === '') optional.pop();
  return [...required, ...optional].join(':');
}

/** Cuts `text` to at most `maxLength` characters at a word boundary (or mid-word when one word is longer). */
export function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : text.slice(0, maxLength)).trim();
}

/**
 * Encodes `state` as a token of `kind` of at most {@link MAX_TOKEN_LENGTH} characters, or undefined when it
 * cannot fit (e.g. an enormous video id), in which case the adapter simply shows no button.
 *
 * A query too long to fit (the field marked `shorten`) is replaced by `terms` (the content words the search
 * reduced it to), and if that is still too long, cut at a word boundary: the next page then continues the
 * gist of the question.
 */
export function encodeToken(kind: TokenKind, state: TokenState, terms: readonly string[] = []): string | undefined {
  const full = serialize(kind, state);
  if (full.length <= MAX_TOKEN_LENGTH) return full;
  const field = kind.fields.find((f) => f.shorten);
  if (!field) return undefined;
  const candidates = [terms.join(' ').trim(), String(state[field.name] ?? '').trim()].filter(Boolean);
  for (const base of candidates) {
    let query = base;
    while (query) {
      const token = serialize(kind, { ...state, [field.name]: query });
      if (token.length <= MAX_TOKEN_LENGTH) return token;
      const shorter = truncateAtWord(query, query.length - Math.max(1, Math.ceil((token.length - MAX_TOKEN_LENGTH) / 3)));
      query = shorter.length < query.length ? shorter : query.slice(0, -1);
    }
  }
  return undefined;
}

/** The fields of `raw` (after the prefix) as a state of `kind`, or undefined when they do not fit it. */
function decodeFields(kind: TokenKind, raw: string[]): TokenState | undefined {
  const required = kind.fields.filter((f) => !f.optional).length;
  if (raw.length < required || raw.length > kind.fields.length) return undefined;
  const state: TokenState = {};
  for (let i = 0; i < raw.length; i++) {
    const field = kind.fields[i]!;
    const text = raw[i]!;
    if (field.type === 'nat') {
      const n = nat(text);
      if (n === undefined || n < (field.min ?? 0)) return undefined;
      state[field.name] = n;
    } else if (field.optional) {
      if (text) state[field.name] = dec(text);
    } else {
      if (field.nonEmpty && !text) return undefined;
      state[field.name] = dec(text);
    }
  }
  return state;
}

/** Decodes a token made by {@link encodeToken} for one of `kinds`, or undefined when it is not one (never throws). */
export function decodeToken<K extends TokenKind>(token: unknown, kinds: readonly K[]): { kind: K; state: TokenState } | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token) || token.includes('|')) {
    return undefined;
  }
  const [prefix, ...fields] = token.split(':');
  const kind = kinds.find((k) => k.prefix === prefix);
  if (!kind) return undefined;
  try {
    const state = decodeFields(kind, fields);
    return state ? { kind, state } : undefined;
  } catch {
    // decodeURIComponent throws on a damaged escape: the token is not one of ours.
    return undefined;
  }
}
