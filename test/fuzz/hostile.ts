/**
 * Shared material for the hostile-input tests: a corpus whose transcripts say nasty things (mentions,
 * markdown, link markup, 10k-character cues), fast-check arbitraries for hostile strings, queries and
 * whole Answers, and the checks every rendered message must pass (platform limits, no live mention,
 * no broken or injected link markup).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { APIEmbed } from 'discord.js';
import type { Answer, AnswerAction, Quote, VideoSummary } from '../../src/core/types.ts';
import type { DiscordPayload } from '../../src/adapters/discord/render.ts';
import type { SlackMessage } from '../../src/adapters/slack/render.ts';

export const BUNDLED_DIR = fileURLToPath(new URL('../../transcripts', import.meta.url));
/** The team's demo corpus, used for timing figures when present (never required). */
export const SHARED_CORPUS = fileURLToPath(new URL('../../../shared/corpus/3b1b', import.meta.url));
export const hasSharedCorpus = (): boolean => existsSync(SHARED_CORPUS);

/** Text that turns into pings or markup when pasted raw into Discord or Slack. */
export const HOSTILE_BITS = [
  '@everyone', '@here', '@EveryOne', '@channel', '<@123456789012345678>', '<@!123>', '<@&456>', '<#789>',
  '<!channel>', '<!here>', '<!everyone>', '<!subteam^S1>', '<!subteam^S1|@team>', '<@U0123ABCD>', '<@U0123ABCD|bob>',
  '**bold**', '__under__', '~~gone~~', '||spoiler||', '`code`', '```block```', '> quoted', '>>> rest', '# Heading',
  '- item', '1. item', '*', '_', '~', '|', '>', '<', '&', '&amp;', '&lt;', '\\', '\\@everyone', '[', ']', '(', ')',
  '[click](https://evil.example/a_(b))', '](https://evil.example)', '<https://evil.example|click>',
  '<https://evil.example>', 'https://example.com/a_b_c?x=1&y=2', 'https://youtu.be/a_b-c_d-e_f?t=1', 'javascript:alert(1)',
  '😀', '👍🏽', '👨‍👩‍👧', '🇺🇸', '\u200B', '\u202E', '\uFEFF', '\u2060', '\n', '\r\n', '\t', '\u0000', '\u0007', '\u001b[31m',
];

/**
 * Regex and fuse.js extended-search operators, plus the characters that break naive query parsers.
 */
export const QUERY_OPERATORS = [
  "'", '!', '^', '=', '|', '$', '(', ')', '\\', '*', '+', '?', '[', ']', '{', '}', '.', '"', '-', ':', '/', '`',
  "'exact", '!not', '^prefix', 'suffix$', '=equal', 'a | b', '(?:x)', '(a+)+$', '.*', '\\b', '\\', '\\\\', '%s', '%n',
  '${x}', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'NaN', 'Infinity', '-1', '1e309', '0x10',
];

/** Words that actually occur in the bundled transcript and the hostile corpus, so queries also find things. */
export const CORPUS_WORDS = [
  'gpus', 'gpu', 'scaling', 'neural', 'networks', 'deep', 'learning', 'toronto', 'lab', 'jeff', 'data', 'the', 'ai',
  'everyone', 'here', 'channel', 'markdown', 'links', 'pipes', 'bold', 'zebra', 'walrus', 'show', 'welcome', 'ping',
];

const pick = <T>(values: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

/** One hostile piece: an operator, a hostile bit, a corpus word, emoji or random text. */
export const hostilePiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: pick(CORPUS_WORDS) },
  { weight: 2, arbitrary: pick(QUERY_OPERATORS) },
  { weight: 2, arbitrary: pick(HOSTILE_BITS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** A hostile string of at most `max` characters (UTF-16 units), sometimes at that size exactly. */
export function hostileText(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(hostilePiece, { maxLength: 40 }).chain((parts) => pick([' ', '', '\n']).map((sep) => parts.join(sep))) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: Math.min(max, 400) }) },
    { weight: 1, arbitrary: fc.tuple(hostilePiece, pick([' ', '', '_'])).map(([p, sep]) => (p + sep).repeat(Math.ceil(max / Math.max(1, (p + sep).length)))) },
  ).map((s) => cut(s, max));
}

/** Cuts to at most `max` UTF-16 units without leaving half a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = s.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  return out;
}

/** Any query a user might type or paste: up to 6,000 characters of operators, mentions, emoji, control chars. */
export const anyQuery: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.array(hostilePiece, { maxLength: 30 }).map((parts) => parts.join(' ')) },
  { weight: 2, arbitrary: hostileText(6000) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6000 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 1500 }) },
  { weight: 1, arbitrary: fc.tuple(pick(CORPUS_WORDS), pick(QUERY_OPERATORS)).map(([w, op]) => cut(`${w}${op} `.repeat(1000), 6000)) },
);

// ---------------------------------------------------------------------------------------------------
// Arbitrary Answers

const YT_ID = fc.stringMatching(/^[A-Za-z0-9_-]{11}$/);

/** Links as the core makes them (YouTube ids with `_` and `-`), and links it never makes but must survive. */
export const anyUrl: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: fc.tuple(YT_ID, fc.nat(20_000)).map(([id, t]) => `https://www.youtube.com/watch?v=${id}&t=${t}s`) },
  { weight: 2, arbitrary: fc.tuple(YT_ID, fc.nat(20_000)).map(([id, t]) => `https://youtu.be/${id}?t=${t}`) },
  {
    weight: 2,
    arbitrary: pick([
      'https://example.com/a_b_(c)_d?x=1&y=2#frag_x', 'https://example.com/p|q>r<s t', 'https://vimeo.com/12345#t=10',
      'http://example.com/__init__.py', `https://example.com/${'a_'.repeat(1200)}`, 'https://example.com/*bold*~x~',
      'https://例え.jp/パス_1', 'https://example.com/%3E%7C', 'https://user:pa@example.com/x',
    ]),
  },
);

const timeLabel = fc.tuple(fc.nat(40_000), fc.boolean()).map(([s, approx]) => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return (approx ? '≈' : '') + (h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`);
});

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

export const anyQuote: fc.Arbitrary<Quote> = fc
  .record({
    text: fc.oneof(hostileText(400), hostileText(10_000)),
    videoId: fc.oneof(YT_ID, hostileText(40)),
    videoTitle: hostileText(300),
    channel: opt(hostileText(120)),
    start: fc.nat(40_000),
    approximate: fc.boolean(),
    url: anyUrl,
    timeLabel,
    speaker: opt(hostileText(80)),
    chapter: opt(hostileText(200)),
    note: opt(hostileText(60)),
  })
  .map((q) => {
    const quote: Quote = {
      text: q.text, videoId: q.videoId, videoTitle: q.videoTitle, start: q.start, end: q.start + 7,
      approximate: q.approximate, timeLabel: q.timeLabel, citation: `${q.videoId}@${q.start}`,
    };
    for (const key of ['channel', 'url', 'speaker', 'chapter', 'note'] as const) if (q[key] !== undefined) quote[key] = q[key];
    return quote;
  });

const anyVideo: fc.Arbitrary<VideoSummary> = fc
  .record({ id: fc.oneof(YT_ID, hostileText(30)), title: hostileText(300), channel: opt(hostileText(80)), duration: opt(fc.nat(40_000)), url: anyUrl })
  .map((v) => {
    const video: VideoSummary = { id: v.id, title: v.title };
    if (v.channel !== undefined) video.channel = v.channel;
    if (v.duration !== undefined) video.duration = v.duration;
    if (v.url !== undefined) video.url = v.url;
    return video;
  });

/** Tokens as the core's contract allows them: 1-64 printable ASCII, no `|`. */
const TOKEN = fc.stringMatching(/^[\x21-\x7b\x7d\x7e]{1,64}$/);
const anyAction: fc.Arbitrary<AnswerAction> = fc.record({
  kind: pick(['more', 'context', 'share'] as const),
  label: fc.oneof(pick(['More', 'Context', 'Share']), hostileText(100)),
  token: TOKEN,
});

export const anyAnswer: fc.Arbitrary<Answer> = fc
  .record({
    kind: pick(['quotes', 'videos', 'help', 'verify', 'timeline', 'context', 'notice', 'error'] as const),
    title: opt(hostileText(400)),
    text: opt(fc.oneof(hostileText(500), hostileText(10_000))),
    quotes: opt(fc.array(anyQuote, { maxLength: 12 })),
    groups: opt(fc.array(fc.record({ heading: hostileText(300), quotes: fc.array(anyQuote, { maxLength: 12 }), notes: opt(fc.array(hostileText(200), { maxLength: 4 })) }), { maxLength: 6 })),
    videos: opt(fc.array(anyVideo, { maxLength: 60 })),
    commands: opt(fc.array(fc.record({ name: hostileText(32), usage: hostileText(200), description: hostileText(200), examples: fc.array(hostileText(100), { maxLength: 4 }) }), { maxLength: 15 })),
    verify: opt(fc.record({
      verdict: pick(['verbatim', 'near', 'none'] as const),
      label: hostileText(120),
      similarity: fc.double({ min: 0, max: 1, noNaN: true }),
      differences: fc.array(fc.record({ claimed: hostileText(200), said: hostileText(200) }), { maxLength: 30 }),
    })),
    page: opt(fc.record({ offset: fc.nat(1000), count: fc.nat(12), total: fc.nat(5000) })),
    actions: opt(fc.array(anyAction, { maxLength: 6 })),
    ephemeral: opt(fc.boolean()),
    reference: opt(fc.stringMatching(/^E[0-9A-Z]{6}$/)),
  })
  .map((r) => {
    const answer: Answer = { kind: r.kind };
    for (const [key, value] of Object.entries(r)) {
      if (value === undefined || key === 'kind') continue;
      if (key === 'groups') {
        answer.groups = (value as Array<{ heading: string; quotes: Quote[]; notes?: string[] }>).map((g) => (g.notes === undefined ? { heading: g.heading, quotes: g.quotes } : g));
      } else (answer as unknown as Record<string, unknown>)[key] = value;
    }
    return answer;
  });

/** Every URL an answer carries (the only link targets a renderer may produce). */
export function answerUrls(answer: Answer): Set<string> {
  const urls = new Set<string>();
  for (const q of [...(answer.quotes ?? []), ...(answer.groups ?? []).flatMap((g) => g.quotes)]) if (q.url) urls.add(q.url);
  for (const v of answer.videos ?? []) if (v.url) urls.add(v.url);
  return urls;
}

// ---------------------------------------------------------------------------------------------------
// Checks

/** Discord's URL autolink (simple-markdown's `url` rule): text it matches is a link, never a mention. */
const DISCORD_AUTOLINK = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/iy;
const DISCORD_MENTION = /@(everyone|here)|<@[!&]?\d+>/i;
/** `[label](target)` or `[label](<target>)` with backslash escapes in the label, at one position. */
const MASKED_LINK = /\[((?:\\.|[^\]\\])*)\]\(<?([^)\s>]*)>?\)/y;

function decodeTarget(target: string): string {
  return target.replace(/%(28|29|3C|3E|20|7C|09|0A|0D)/gi, (m) => decodeURIComponent(m));
}

/**
 * Reads Discord markdown the way its parser does, left to right: a backslash escapes the next character,
 * `[label](url)` is a masked link (where `links` is true), `https://...` is an autolink. Returns the masked
 * link targets and the text with links reduced to their labels (for the mention check).
 */
function readDiscord(text: string, links: boolean): { targets: string[]; rest: string } {
  const targets: string[] = [];
  let rest = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') {
      rest += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '[' && links) {
      MASKED_LINK.lastIndex = i;
      const m = MASKED_LINK.exec(text);
      if (m) {
        targets.push(m[2]!);
        rest += ` ${m[1]} `;
        i += m[0].length;
        continue;
      }
    }
    if (ch === 'h' || ch === 'H') {
      DISCORD_AUTOLINK.lastIndex = i;
      const m = DISCORD_AUTOLINK.exec(text);
      if (m) {
        rest += ' ';
        i += m[0].length;
        continue;
      }
    }
    rest += ch;
    i++;
  }
  return { targets, rest };
}

/**
 * Problems with one Discord text field: live mentions, and (where Discord renders masked links: message
 * content, embed descriptions and field values) masked links to anything but the answer's URLs.
 */
function discordTextProblems(where: string, text: string, urls: Set<string>, links = true): string[] {
  const problems: string[] = [];
  const { targets, rest } = readDiscord(text, links);
  for (const target of targets) {
    if (!urls.has(target) && !urls.has(decodeTarget(target))) {
      problems.push(`${where}: masked link to ${JSON.stringify(target.slice(0, 80))}, which is not one of the answer's URLs`);
    }
  }
  const mention = DISCORD_MENTION.exec(rest);
  if (mention) problems.push(`${where}: live mention ${JSON.stringify(mention[0])} in ${JSON.stringify(around(rest, mention.index))}`);
  return problems;
}

const around = (s: string, i: number): string => s.slice(Math.max(0, i - 30), i + 40);

/** Every way a Discord payload breaks a platform limit, pings, or carries broken/injected link markup. */
export function discordProblems(payload: DiscordPayload, urls: Set<string>): string[] {
  const p: string[] = [];
  const limit = (where: string, value: string | undefined, max: number, min = 0): void => {
    if (value === undefined) return;
    if (value.length > max) p.push(`${where}: ${value.length} > ${max} characters`);
    if (value.length < min) p.push(`${where}: empty`);
  };
  limit('content', payload.content, 2000);
  p.push(...discordTextProblems('content', payload.content, urls));
  if (payload.embeds.length > 10) p.push(`${payload.embeds.length} embeds > 10`);
  let total = 0;
  payload.embeds.forEach((embed: APIEmbed, i) => {
    const at = `embed ${i}`;
    limit(`${at} title`, embed.title, 256, 1);
    limit(`${at} description`, embed.description, 4096, 1);
    limit(`${at} footer`, embed.footer?.text, 2048, 1);
    limit(`${at} author`, embed.author?.name, 256, 1);
    if ((embed.fields?.length ?? 0) > 25) p.push(`${at}: ${embed.fields!.length} fields > 25`);
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
    for (const [j, field] of (embed.fields ?? []).entries()) {
      limit(`${at} field ${j} name`, field.name, 256, 1);
      limit(`${at} field ${j} value`, field.value, 1024, 1);
      total += field.name.length + field.value.length;
      p.push(...discordTextProblems(`${at} field ${j} name`, field.name, urls, false), ...discordTextProblems(`${at} field ${j} value`, field.value, urls));
    }
    // Titles, field names, footers and author names show masked-link syntax as text; mentions are still checked.
    for (const [name, text, links] of [['title', embed.title, false], ['description', embed.description, true], ['footer', embed.footer?.text, false], ['author', embed.author?.name, false]] as const) {
      if (text !== undefined) p.push(...discordTextProblems(`${at} ${name}`, text, urls, links));
    }
    if (embed.url !== undefined && !urls.has(embed.url)) p.push(`${at} url ${JSON.stringify(embed.url.slice(0, 80))} is not one of the answer's URLs`);
    if (embed.url !== undefined && !/^https?:\/\//.test(embed.url)) p.push(`${at} url is not http(s)`);
  });
  if (total > 6000) p.push(`embeds total ${total} > 6000 characters`);
  if (payload.components.length > 5) p.push(`${payload.components.length} action rows > 5`);
  for (const row of payload.components) {
    if (row.components.length > 5) p.push(`a row has ${row.components.length} buttons > 5`);
    for (const button of row.components) {
      limit('button custom_id', button.custom_id, 100, 1);
      limit('button label', button.label ?? '', 80, 1);
    }
  }
  if (payload.allowed_mentions?.parse?.length !== 0) p.push('allowed_mentions does not disable parsing');
  return p;
}

/** Slack link markup: `<url>` or `<url|label>`; anything else in angle brackets is a mention or command. */
const SLACK_ANGLE = /<([^<>]*)>/g;
/**
 * A bare broadcast word. Slack reads `@name` with `[\w.-]` in names, so `@everyone_x` is a user name, not a
 * broadcast; a following letter, digit or `_` therefore ends the match.
 */
const SLACK_BROADCAST = /@(everyone|here|channel)(?![A-Za-z0-9_])/i;

function slackTextProblems(where: string, text: string, urls: Set<string>): string[] {
  const problems: string[] = [];
  const outside = text.replace(SLACK_ANGLE, (whole, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar < 0 ? inner : inner.slice(0, bar);
    if (!/^https?:\/\//i.test(target)) problems.push(`${where}: markup ${JSON.stringify(whole.slice(0, 60))} is not a link (mention or command)`);
    else if (!urls.has(target) && !urls.has(decodeTarget(target))) problems.push(`${where}: link to ${JSON.stringify(target.slice(0, 80))}, which is not one of the answer's URLs`);
    return ` ${bar < 0 ? '' : inner.slice(bar + 1)} `;
  });
  // `>` at the start of a line is mrkdwn's block quote marker (the renderer quotes with it).
  const bare = outside.replace(/^>/gm, '');
  if (/[<>]/.test(bare)) problems.push(`${where}: stray ${JSON.stringify(bare.match(/[<>]/)![0])} (broken link markup) near ${JSON.stringify(around(bare, bare.search(/[<>]/)))}`);
  const broadcast = SLACK_BROADCAST.exec(outside);
  if (broadcast) problems.push(`${where}: live ${JSON.stringify(broadcast[0])} near ${JSON.stringify(around(outside, broadcast.index))}`);
  return problems;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every way a Slack message breaks a Block Kit limit, pings, or carries broken/injected link markup. */
export function slackProblems(message: SlackMessage, urls: Set<string>): string[] {
  const p: string[] = [];
  const blocks = message.blocks as unknown as Array<Record<string, Json>>;
  if (blocks.length > 50) p.push(`${blocks.length} blocks > 50`);
  const serialized = JSON.stringify(blocks).length;
  if (serialized >= 12_000) p.push(`blocks serialize to ${serialized} >= 12,000 characters`);
  if (message.text.length > 4000) p.push(`fallback text ${message.text.length} > 4,000 characters`);
  p.push(...slackTextProblems('fallback text', message.text, urls));
  const actionIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `block ${i} (${String(block.type)})`;
    const text = block.text as { type: string; text: string } | undefined;
    if (block.type === 'section') {
      if (!text || text.text.length === 0) p.push(`${at}: empty text`);
      else if (text.text.length > 3000) p.push(`${at}: text ${text.text.length} > 3,000 characters`);
      const fields = (block.fields ?? []) as Array<{ text: string }>;
      if (fields.length > 10) p.push(`${at}: ${fields.length} fields > 10`);
      for (const f of fields) if (f.text.length > 2000 || f.text.length === 0) p.push(`${at}: field of ${f.text.length} characters`);
      if (text?.type === 'mrkdwn') p.push(...slackTextProblems(at, text.text, urls));
      for (const f of fields) p.push(...slackTextProblems(`${at} field`, f.text, urls));
    } else if (block.type === 'context') {
      const elements = block.elements as Array<{ type: string; text?: string }>;
      if (elements.length === 0 || elements.length > 10) p.push(`${at}: ${elements.length} elements`);
      for (const e of elements) {
        if (e.text !== undefined && (e.text.length === 0 || e.text.length > 3000)) p.push(`${at}: element text of ${e.text.length} characters`);
        if (e.type === 'mrkdwn' && e.text !== undefined) p.push(...slackTextProblems(at, e.text, urls));
      }
    } else if (block.type === 'actions') {
      const elements = block.elements as Array<{ type: string; action_id: string; value?: string; text: { text: string } }>;
      if (elements.length === 0 || elements.length > 25) p.push(`${at}: ${elements.length} elements`);
      for (const e of elements) {
        if ((e.value?.length ?? 0) > 2000) p.push(`${at}: button value ${e.value!.length} > 2,000`);
        if (e.text.text.length === 0 || e.text.text.length > 75) p.push(`${at}: button text of ${e.text.text.length} characters`);
        if (e.action_id.length > 255) p.push(`${at}: action_id too long`);
        if (actionIds.has(e.action_id)) p.push(`${at}: duplicate action_id ${e.action_id}`);
        actionIds.add(e.action_id);
      }
    } else if (block.type === 'header') {
      const t = (block.text as { text: string }).text;
      if (t.length === 0 || t.length > 150) p.push(`${at}: header of ${t.length} characters`);
    } else if (block.type !== 'divider') {
      p.push(`${at}: unexpected block type`);
    }
  });
  return p;
}

// ---------------------------------------------------------------------------------------------------
// A hostile corpus

const srtTime = (s: number): string => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},000`;
};

/** Entity-encodes `<`, `>` and `&` so caption markup stripping keeps them as text. */
const enc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Caption lines that say hostile things (stored as text, after the loader decodes entities). */
export const HOSTILE_LINES = [
  'Hey @everyone, welcome to the show about GPUs and scaling.',
  'Ping <@123456789012345678> and <@!123> and the role <@&456> about deep learning please.',
  'Slack folks get <!channel> and <!here> and <!subteam^S1|@team> and <@U0123ABCD|bob> when we talk about neural networks.',
  'Markdown time: **bold** __under__ ~~gone~~ ||spoiler|| `code` ```block``` and a # heading about data.',
  'Links: [click me](https://evil.example/a_(b)) and https://example.com/some_path_with_underscores?x=1&y=2 and <https://evil.example|label> in the lab.',
  'Pipes | and > and < and & and &amp; and a backslash \\ and \\@here in Toronto.',
  '> quoted line and >>> rest of message with Jeff and the zebra.',
  'Emoji 😀 👍🏽 👨‍👩‍👧 and a right-to-left \u202E override and zero width \u200B joins the walrus.',
];

/** A long cue: ~10,000 characters of one sentence-free run with mentions sprinkled in. */
export const LONG_LINE = Array.from({ length: 1800 }, (_, i) => (i % 50 === 0 ? '@here' : i % 37 === 0 ? '<@&999>' : `word${i % 13}`)).join(' ');

/** Writes a folder of hostile transcripts (SRT and VTT with hostile speakers and sidecar titles); returns it. */
export async function writeHostileCorpus(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'quotebot-hostile-'));
  const lines = [...HOSTILE_LINES, LONG_LINE, ...HOSTILE_LINES.map((l) => l.toUpperCase())];
  const srt = lines.map((line, i) => `${i + 1}\n${srtTime(i * 5)} --> ${srtTime(i * 5 + 5)}\n${enc(line)}\n`).join('\n');
  await writeFile(join(dir, 'Hostile Talk [ab_cd-EF_12].srt'), srt);
  await writeFile(
    join(dir, 'Hostile Talk [ab_cd-EF_12].info.json'),
    JSON.stringify({
      id: 'ab_cd-EF_12',
      title: '@everyone **Hostile** [Talk](https://evil.example) <!channel> | <@123> _x_ > y',
      channel: '<@&456> @here Channel_Name',
      duration: 120,
      chapters: [{ title: '<!here> chapter @everyone', start_time: 0, end_time: 60 }, { title: '[x](https://evil.example)', start_time: 60, end_time: 120 }],
    }),
  );
  const vtt = ['WEBVTT', '']
    .concat(
      HOSTILE_LINES.flatMap((line, i) => [`00:00:${String(i * 5).padStart(2, '0')}.000 --> 00:00:${String(i * 5 + 4).padStart(2, '0')}.000`, `<v @everyone <@123>>${enc(line)}`, '']),
    )
    .join('\n');
  await writeFile(join(dir, 'Speakers [zz_ZZ-zz_99].en.vtt'), vtt);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Number of fast-check runs: `n` by default, scaled by `QUOTEBOT_FUZZ_SCALE` for a longer hunt
 * (`QUOTEBOT_FUZZ_SCALE=20 npx vitest run test/fuzz`).
 */
export function runs(n: number): number {
  const scale = Number(process.env.QUOTEBOT_FUZZ_SCALE ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** A test timeout of `ms` scaled like {@link runs}. */
export function fuzzTimeout(ms: number): number {
  return runs(ms);
}
