/**
 * Block Kit rendering of a core {@link Answer} for Slack.
 *
 * Every plain-text field is escaped for mrkdwn (`&`, `<`, `>` only; see `mrkdwn.ts`), links are
 * `<url|label>` with the label escaped and the URL intact, and Slack's limits hold by construction:
 * each section's text is at most {@link SLACK_LIMITS.sectionText} characters, a message has at most
 * {@link SLACK_LIMITS.blocks} blocks, and the serialized blocks stay under {@link SLACK_LIMITS.totalChars}
 * characters. Whatever does not fit is summarised in a "… N more not shown" line instead of being sent.
 *
 * Buttons carry their whole state in their `value` (see `actions.ts`), so they work after a restart.
 *
 * @example
 * const message = renderAnswer(answer, { asker: 'U123', share: true });
 * await respond({ response_type: 'ephemeral', ...message });
 */
import type { types } from '@slack/bolt';
import type { Answer, AnswerAction, Quote, VideoSummary } from '../../core/types.ts';
import { ACTION_IDS, encodeActionValue } from './actions.ts';
import { blockQuote, cutMrkdwn, escapeMrkdwn, escapeTruncated, mrkdwnLink, truncatePlain } from './mrkdwn.ts';
import { slashUsage } from './usage.ts';

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;
type ContextBlock = types.ContextBlock;
type Button = types.Button;

/** The limits the renderer keeps to (Slack's published ones, with headroom where Slack is vague). */
export const SLACK_LIMITS = {
  /** Characters in a section block's text (Slack: 3,000). */
  sectionText: 3000,
  /** Blocks per message (Slack: 50). */
  blocks: 50,
  /** Characters of the JSON-serialized `blocks` array (kept well under Slack's ~12k practical limit). */
  totalChars: 10_000,
  /** Characters of the notification/fallback `text`. */
  fallbackText: 600,
  /** Characters of one context-block element (Slack: 3,000 per text object; kept short on purpose). */
  contextText: 900,
  /** Characters of a button label (Slack: 75). */
  buttonLabel: 75,
  /** Characters of a title line. */
  title: 300,
  /** Characters of one quote inside a quotes answer (before escaping grows it). */
  quoteText: 2400,
} as const;

/** A message for `chat.postMessage`, `chat.postEphemeral` or a `response_url`. */
export interface SlackMessage {
  /** Fallback text for notifications and clients that cannot show blocks (escaped mrkdwn). */
  text: string;
  blocks: KnownBlock[];
  /** Always false: a quote's video link must not expand into a large preview. */
  unfurl_links: false;
  unfurl_media: false;
}

/** Options of {@link renderAnswer}. */
export interface RenderOptions {
  /**
   * Slack user id of the person the answer is for; written into every button's value so that only they
   * can page or share it. Required when the answer has actions.
   * @example 'U0123ABCD'
   */
  asker: string;
  /** Draw the answer's `share` ("Post to channel") button. Default false (public messages need none). */
  share?: boolean;
  /** Draw buttons at all. Default true. */
  buttons?: boolean;
}

/** Blocks and characters kept back for the footer (page line, "not shown" line, buttons). */
const FOOTER_BLOCKS = 3;
const FOOTER_CHARS = 1200;

/**
 * Collects blocks while keeping count of blocks and serialized characters, refusing any block that would
 * push the message past the content budget.
 */
class Composer {
  readonly blocks: KnownBlock[] = [];
  private chars = 2; // "[]"
  /** Items (quotes, lines...) left out because they did not fit. */
  omitted = 0;

  constructor(
    private readonly maxBlocks = SLACK_LIMITS.blocks - FOOTER_BLOCKS,
    private readonly maxChars = SLACK_LIMITS.totalChars - FOOTER_CHARS,
  ) {}

  /** Characters still free for content. */
  get remainingChars(): number {
    return this.maxChars - this.chars;
  }

  get remainingBlocks(): number {
    return this.maxBlocks - this.blocks.length;
  }

  /** Adds the blocks if all of them fit; returns whether they were added. */
  tryAdd(...blocks: KnownBlock[]): boolean {
    const size = blocks.reduce((n, b) => n + JSON.stringify(b).length + 1, 0);
    if (this.blocks.length + blocks.length > this.maxBlocks || this.chars + size > this.maxChars) return false;
    this.blocks.push(...blocks);
    this.chars += size;
    return true;
  }

  /** Adds footer blocks, which have their own reserve. */
  addFooter(block: KnownBlock): void {
    this.blocks.push(block);
  }
}

/** A section, or none when the text is blank (Slack rejects empty text). */
function section(mrkdwn: string): SectionBlock[] {
  if (!mrkdwn.trim()) return [];
  return [{ type: 'section', text: { type: 'mrkdwn', text: cutMrkdwn(mrkdwn, SLACK_LIMITS.sectionText) } }];
}

/** A context block of the non-blank parts (at most 10), or none when every part is blank. */
function context(parts: string[]): ContextBlock[] {
  const elements = parts
    .filter((text) => text.trim())
    .slice(0, 10)
    .map((text) => ({ type: 'mrkdwn' as const, text: cutMrkdwn(text, SLACK_LIMITS.contextText) }));
  return elements.length ? [{ type: 'context', elements }] : [];
}

/** `*text*` for a heading ('' for a blank one); bold markers inside are harmless (escaping stops mentions and links). */
function heading(text: string): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain ? `*${escapeTruncated(plain, SLACK_LIMITS.title)}*` : '';
}

/** `Video title at ≈4:32`, linked to the moment when the quote has a URL. */
function quoteSource(quote: Quote): string {
  const title = truncatePlain(quote.videoTitle || quote.videoId, 200);
  return mrkdwnLink(quote.url, `from "${title}" at ${quote.timeLabel}`);
}

/** Speaker, chapter and citation of a quote, escaped, for a context block. */
function quoteDetails(quote: Quote): string[] {
  const parts: string[] = [];
  if (quote.speaker) parts.push(`Speaker: ${escapeTruncated(quote.speaker, 200)}`);
  if (quote.chapter) parts.push(`Chapter: ${escapeTruncated(quote.chapter, 300)}`);
  if (quote.channel) parts.push(`Channel: ${escapeTruncated(quote.channel, 200)}`);
  parts.push(`Cite: \`${escapeTruncated(quote.citation, 200)}\``);
  return parts;
}

/** One quote: a block quote of the verbatim text plus its linked source, then a context line. */
function quoteBlocks(quote: Quote, maxTextChars: number): KnownBlock[] {
  const source = `— ${quote.speaker ? `${escapeTruncated(quote.speaker, 80)}, ` : ''}${quoteSource(quote)}`;
  const room = Math.min(maxTextChars, SLACK_LIMITS.sectionText - source.length - 4);
  // `>` is added per line of the quote, so budget for it.
  const shown = quote.display ?? quote.text;
  const lines = Math.max(1, shown.split('\n').length);
  const text = escapeTruncated(shown, Math.max(20, room - lines));
  return [...section(`${blockQuote(text)}\n${source}`), ...context(quoteDetails(quote))];
}

/** Adds quotes one by one, sharing the remaining character budget fairly between them. */
function addQuotes(out: Composer, quotes: Quote[]): void {
  for (let i = 0; i < quotes.length; i++) {
    const left = quotes.length - i;
    // Each quote needs ~2 blocks; its share of the characters left, minus JSON and escape overhead.
    const share = Math.floor(out.remainingChars / left) - 400;
    const budget = Math.min(SLACK_LIMITS.quoteText, Math.floor(share / 1.3));
    const quote = quotes[i]!;
    if (budget < 80 || !out.tryAdd(...quoteBlocks(quote, budget))) {
      out.omitted += left;
      return;
    }
  }
}

/**
 * Packs lines into as few sections as possible (each <= the section limit); lines that do not fit the
 * message are counted as omitted.
 */
function addLines(out: Composer, lines: string[]): void {
  let current = '';
  let pending = 0;
  const flush = (): boolean => {
    if (!current) return true;
    if (!out.tryAdd(...section(current))) return false;
    current = '';
    pending = 0;
    return true;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = cutMrkdwn(lines[i]!, SLACK_LIMITS.sectionText);
    if (current && current.length + 1 + line.length > SLACK_LIMITS.sectionText) {
      if (!flush()) {
        out.omitted += pending + (lines.length - i);
        return;
      }
    }
    current = current ? `${current}\n${line}` : line;
    pending++;
  }
  if (!flush()) out.omitted += pending;
}

/** One line per quote for timelines and context: `>` quote line with its linked time. */
function compactQuoteLine(quote: Quote, maxTextChars: number): string {
  const time = mrkdwnLink(quote.url, quote.timeLabel);
  const speaker = quote.speaker ? ` *${escapeTruncated(quote.speaker, 80)}:*` : '';
  return `>${time}${speaker} ${escapeTruncated((quote.display ?? quote.text).replace(/\s*\n\s*/g, ' '), maxTextChars)}`;
}

function videoLine(video: VideoSummary): string {
  const details = [video.channel, video.durationLabel, video.collection && `in ${video.collection}`].filter((s): s is string => Boolean(s)).map((s) => escapeTruncated(s, 100));
  details.push(`\`${escapeTruncated(video.id, 100)}\``);
  return `• ${mrkdwnLink(video.url, truncatePlain(video.title || video.id, 250))} · ${details.join(' · ')}`;
}

function addVerify(out: Composer, verify: NonNullable<Answer['verify']>): void {
  const pct = Number.isFinite(verify.similarity) ? Math.round(Math.max(0, Math.min(1, verify.similarity)) * 100) : 0;
  out.tryAdd(...section(`*${escapeMrkdwn(verify.label.trim() || verify.verdict)}* (similarity ${pct}%)`));
  if (verify.differences.length) {
    addLines(
      out,
      verify.differences.map((d) => `• claimed “${escapeTruncated(d.claimed, 600)}” → said “${escapeTruncated(d.said, 600)}”`),
    );
  }
}

function addHelp(out: Composer, commands: NonNullable<Answer['commands']>): void {
  addLines(
    out,
    commands.map((c) => {
      const examples = c.examples.slice(0, 3).map((e) => `\`${escapeTruncated(slashUsage(e), 200)}\``);
      return `*${escapeTruncated(slashUsage(c.usage), 200)}*: ${escapeTruncated(c.description, 300)}${
        examples.length ? `\n      e.g. ${examples.join(', ')}` : ''
      }`;
    }),
  );
}

function addGroups(out: Composer, groups: NonNullable<Answer['groups']>): void {
  const totalQuotes = groups.reduce((n, g) => n + g.quotes.length, 0);
  // Compact lines share the budget; a line is never longer than 700 escaped characters.
  const perLine = Math.max(80, Math.min(700, Math.floor(out.remainingChars / Math.max(1, totalQuotes + groups.length * 2) / 1.3)));
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const head: KnownBlock[] = [...section(heading(group.heading))];
    if (group.notes?.length) head.push(...context(group.notes.map((n) => escapeTruncated(n, SLACK_LIMITS.contextText - 10))));
    if (head.length && !out.tryAdd(...head)) {
      out.omitted += groups.slice(g).reduce((n, x) => n + x.quotes.length, 0);
      return;
    }
    addLines(out, group.quotes.map((q) => compactQuoteLine(q, perLine)));
  }
}

/** Slack's wording for the share button: it posts the ephemeral answer where everyone sees it. */
export const SHARE_LABEL = 'Post to channel';

function button(action: AnswerAction, asker: string): Button {
  // plain_text is never parsed for mentions, but a label must not even look like markup.
  const label = (action.kind === 'share' ? SHARE_LABEL : action.label || action.kind)
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
  return {
    type: 'button',
    action_id: ACTION_IDS[action.kind],
    text: { type: 'plain_text', text: truncatePlain(label, SLACK_LIMITS.buttonLabel), emoji: false },
    value: encodeActionValue({ kind: action.kind, asker, token: action.token }),
  };
}

/** The notification text: the title and the first quote (or the text), short and escaped. */
function fallbackText(answer: Answer): string {
  const parts: string[] = [];
  if (answer.title) parts.push(answer.title);
  const first = answer.quotes?.[0] ?? answer.groups?.[0]?.quotes[0];
  if (first) parts.push(`“${first.text}” (${first.videoTitle} ${first.timeLabel})`);
  else if (answer.text) parts.push(answer.text);
  else if (answer.videos?.length) parts.push(`${answer.videos.length} videos`);
  const [head, ...tail] = parts;
  // "Title: body", or "Title. body" when the title already ends a sentence.
  const joined = head === undefined ? '' : tail.length ? `${head}${/[.!?:]$/.test(head.trim()) ? ' ' : ': '}${tail.join(' ')}` : head;
  const plain = joined.replace(/\s+/g, ' ').trim() || 'quotebot';
  return escapeTruncated(plain, SLACK_LIMITS.fallbackText);
}

/** Renders an Answer as a Slack message within Slack's limits. */
export function renderAnswer(answer: Answer, options: RenderOptions): SlackMessage {
  const out = new Composer();
  if (answer.title) out.tryAdd(...section(heading(answer.title)));
  if (answer.text) out.tryAdd(...section(escapeTruncated(answer.text, SLACK_LIMITS.sectionText)));
  if (answer.verify) addVerify(out, answer.verify);
  if (answer.quotes?.length) addQuotes(out, answer.quotes);
  if (answer.groups?.length) addGroups(out, answer.groups);
  if (answer.videos?.length) addLines(out, answer.videos.map(videoLine));
  if (answer.commands?.length) addHelp(out, answer.commands);
  if (out.blocks.length === 0) out.tryAdd(...section(answer.kind === 'error' ? 'Something went wrong.' : 'Nothing to show.'));

  const footer: string[] = [];
  if (out.omitted > 0) footer.push(`… ${out.omitted} more not shown (Slack message limit).`);
  if (answer.page && answer.page.total > 0 && answer.page.count > 0) {
    const { offset, count, total } = answer.page;
    footer.push(`Showing ${offset + 1}–${Math.min(offset + count, total)} of ${total}`);
  }
  if (answer.reference) footer.push(`Reference: \`${escapeTruncated(answer.reference, 64)}\``);
  for (const block of context(footer)) out.addFooter(block);

  if (options.buttons !== false && answer.actions?.length) {
    const seen = new Set<string>();
    const buttons: Button[] = [];
    for (const action of answer.actions) {
      if (seen.has(action.kind) || (action.kind === 'share' && !options.share)) continue;
      seen.add(action.kind);
      buttons.push(button(action, options.asker));
    }
    if (buttons.length) out.addFooter({ type: 'actions', elements: buttons });
  }
  return { text: fallbackText(answer), blocks: out.blocks, unfurl_links: false, unfurl_media: false };
}
