/**
 * The text syntax of every command, derived from the command table (console chat, Slack messages and
 * mentions, `quotebot ask`).
 *
 * - `/quote scaling laws`, `quote scaling laws video:determinant count:2`, `!ask gpus`
 * - `@quotebot what about GPUs?`, `<@123> ...`, `<@U123|quotebot> ...`: mention prefixes are stripped
 * - Plain text is a `quote` topic: `how did GPUs help?`
 * - `key:value` sets a named option of the command (`video:"the determinant"` with quotes for spaces);
 *   a `"quoted phrase"` in a topic stays quoted (exact phrase search; the claim of `verify`).
 * - Without `/`, a leading command word counts only when the rest fits the command: commands with a
 *   required first argument (`quote X`, `verify "..."`, `timeline X`, `context id@s`) always; others only
 *   when the words fit their single-word options (`help quote`, `videos`, `videos 2`: a number for a number option,
 *   `more`) or are one video id
 *   (`random f96Xrg4uNik`), so "random thoughts about GPUs" is a quote topic while `/random determinant`
 *   picks a random quote from that video.
 *
 * @example
 * parseText('quote scaling laws count:2', commands, user)
 *   // { command: 'quote', args: { topic: 'scaling laws', count: 2 }, user }
 */
import type { Args, CommandSpec, Request, Requester } from './types.ts';

/** Smart quotes and similar typed by phones and chat apps, normalised to ASCII `"`. */
const QUOTE_CHARS = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;

/** Leading mentions: `@name`, Discord `<@123>`/`<@!123>`, Slack `<@U123>`/`<@U123|name>`, with `:`/`,` after. */
const MENTION = /^\s*(?:<@!?[A-Za-z0-9]+(?:\|[^>]*)?>|@[\w.-]+)[\s:,]*/;

/** Removes any leading mentions of the bot. */
export function stripMentions(text: string): string {
  let rest = text;
  for (let i = 0; i < 5; i++) {
    const next = rest.replace(MENTION, '');
    if (next === rest) break;
    rest = next;
  }
  return rest.trim();
}

/**
 * Removes every mention of the bot itself, wherever it is: Discord `<@ID>` / `<@!ID>`, Slack `<@ID>` /
 * `<@ID|name>`, with any `:` or `,` right after it. Other users' mentions stay (they may be the topic).
 * Without a bot id, only trims.
 *
 * @example withoutMention('<@U1|quotebot>: what about GPUs?', 'U1') === 'what about GPUs?'
 */
export function withoutMention(text: string, botId: string | undefined): string {
  if (!botId) return text.trim();
  const id = botId.replace(/[^A-Za-z0-9]/g, '');
  return text.replace(new RegExp(`<@!?${id}(?:\\|[^>]*)?>[\\s:,]*`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

/** Finds a command by name or alias (case-insensitive). */
export function findCommand(commands: readonly CommandSpec[], name: string): CommandSpec | undefined {
  const lower = name.toLowerCase();
  return commands.find((c) => c.name === lower || c.aliases?.includes(lower));
}

interface Token {
  /** Raw text including any quotes. */
  raw: string;
  /** For `key:value`, the key (lowercase) and unquoted value. */
  key?: string;
  value?: string;
}

/** Splits into whitespace-separated tokens, keeping `"..."` groups (also inside `key:"..."`) together. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /([A-Za-z_]+):"([^"]*)"?|([A-Za-z_]+):(\S+)|"[^"]*"?|\S+/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) tokens.push({ raw: m[0], key: m[1].toLowerCase(), value: m[2] ?? '' });
    else if (m[3] !== undefined) tokens.push({ raw: m[0], key: m[3].toLowerCase(), value: m[4] ?? '' });
    else tokens.push({ raw: m[0] });
  }
  return tokens;
}

/** Converts an option value: integers for integer options (kept as text when not a number, for a clear error). */
function convert(spec: CommandSpec, name: string, value: string): string | number {
  const option = spec.options.find((o) => o.name === name);
  if (option?.type === 'integer' && /^[+-]?\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return value;
}

/** Assigns tokens to a command's options: `key:value` by name, the rest positionally. */
function assign(spec: CommandSpec, tokens: Token[]): Args {
  const args: Args = {};
  const positional: string[] = [];
  const names = new Set(spec.options.map((o) => o.name));
  for (const token of tokens) {
    if (token.key !== undefined && names.has(token.key)) args[token.key] = convert(spec, token.key, token.value ?? '');
    else positional.push(token.raw);
  }
  const free = spec.options.filter((o) => args[o.name] === undefined);
  for (let i = 0; i < free.length && positional.length; i++) {
    const option = free[i]!;
    // A rest option, or the last free one, takes every remaining word; others take one word each.
    const take = option.rest || i === free.length - 1 ? positional.splice(0).join(' ') : positional.shift()!;
    args[option.name] = convert(spec, option.name, take);
  }
  return args;
}

/** True when a bare (slash-less) first word should be read as this command. */
function fitsWithoutSlash(spec: CommandSpec, tokens: Token[]): boolean {
  if (spec.hidden) return false;
  const first = spec.options[0];
  if (first?.required) return true;
  const names = new Set(spec.options.map((o) => o.name));
  const positional = tokens.filter((t) => !(t.key !== undefined && names.has(t.key)));
  if (positional.length === 0) return true;
  const singleWord = spec.options.filter((o) => !o.rest).length;
  if (!spec.options.some((o) => o.rest)) {
    // A word bound for an integer option must be a number: `videos 2` is page 2, `videos gpus` a quote topic.
    const free = spec.options.filter((o) => !(tokens.some((t) => t.key === o.name)));
    const numbersFit = positional.every((t, i) => free[i]?.type !== 'integer' || /^\d{1,9}$/.test(t.raw));
    return positional.length <= singleWord && numbersFit;
  }
  // An optional rest option (`random [video]`) takes one id-like word without a slash (`random f96Xrg4uNik`:
  // digits or an inner capital); "random thoughts about GPUs" stays a quote topic.
  return positional.length === 1 && /^[\w-]{6,}$/.test(positional[0]!.raw) && /\d|.[A-Z]/.test(positional[0]!.raw);
}

/**
 * Parses one line of chat text into a request. Never throws. An unknown `/command` becomes a request for
 * that name (the bot answers "unknown command"); other text is a `quote` topic.
 */
export function parseText(text: string, commands: readonly CommandSpec[], user: Requester, fallback = 'quote'): Request {
  const clean = stripMentions(String(text ?? '').replace(QUOTE_CHARS, '"').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' '));
  const slash = /^[/!]/.test(clean);
  const body = slash ? clean.slice(1) : clean;
  const word = /^([A-Za-z][\w-]{0,31})(?=\s|$)/.exec(body)?.[1];
  if (word) {
    const spec = findCommand(commands, word);
    const rest = body.slice(word.length).trim();
    const tokens = tokenize(rest);
    if (spec && (slash || fitsWithoutSlash(spec, tokens))) return { command: spec.name, args: assign(spec, tokens), user };
    if (!spec && slash) return { command: word.toLowerCase(), args: { text: rest }, user };
  }
  const spec = findCommand(commands, fallback);
  if (!spec) return { command: fallback, args: { topic: clean }, user };
  return { command: spec.name, args: assign(spec, tokenize(clean)), user };
}
