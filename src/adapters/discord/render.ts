/**
 * Core {@link Answer} -> Discord message payload (API JSON: embeds, buttons, flags, allowed_mentions).
 *
 * Every Discord limit holds by construction, not by checking afterwards: each piece of text is cut with
 * {@link fitText} to the smaller of its own limit and what is left of the message's budget (content 2,000;
 * embed title 256, description 4,096, field name 256, field value 1,024, footer 2,048; 6,000 across all
 * embeds; 25 fields; 10 embeds; 5 rows of 5 buttons). Quotes are cut only at the end, with `…`.
 *
 * Quotes render as one embed each: the video title linking to the moment, the quote as a blockquote,
 * a `▶ ≈4:32` link (`watch?v=ID&t=272s`), speaker and chapter fields when known, and the citation id in
 * the footer. Links sit in embeds or masked links only, so Discord draws no YouTube preview card; any
 * link in message content is wrapped in `<...>` for the same reason. On interactions, answers the core
 * offers a Share action for are ephemeral (the asker previews, Share posts publicly); mention replies are
 * always public and never offer Share. Every payload carries
 * `allowed_mentions: { parse: [] }` and all quoted text has its mentions neutralised as well.
 *
 * @example
 * const payload = renderAnswer(answer, { askerId: interaction.user.id, surface: 'interaction' });
 * await interaction.reply(toDiscordJs(payload));
 */
import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import type { Answer, AnswerAction, Quote, VideoSummary } from '../../core/types.ts';
import { encodeCustomId } from './custom-id.ts';
import { fitText, linkLabel, linkTarget, maskedLink, plainText, safeText } from './markdown.ts';

/** Discord's message limits (characters unless noted). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  /** Longest `embed.url` Discord accepts (a longer one fails the whole message with 400). */
  embedUrl: 2048,
} as const;

/** The URL as an embed's link, or undefined when Discord would refuse it (over 2,048 characters). */
function embedUrl(url: string | undefined): string | undefined {
  return url && url.length <= DISCORD_LIMITS.embedUrl ? url : undefined;
}

/** The payload of a message or interaction response, as Discord's API JSON. */
export interface DiscordPayload {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** `Ephemeral` (64) when only the asker should see it, else 0. */
  flags: number;
  allowed_mentions: { parse: []; replied_user: false };
  /** Files to upload with the message (a drawn picture); absent when there are none. */
  files?: Array<{ name: string; data: Buffer }>;
}

/** Where the payload goes. */
export interface RenderContext {
  /** Discord user id of the person asking: written into button ids so only they can page. */
  askerId: string;
  /**
   * `interaction`: a slash command or button response (may be ephemeral, may offer Share).
   * `message`: a reply to a mention (always public, so no Share button and no ephemeral flag).
   */
  surface: 'interaction' | 'message';
}

/** Embed accent colour (a muted YouTube red). */
const COLOR = 0xc4302b;
const VERDICT_COLOR = { verbatim: 0x2e8b57, near: 0xdaa520, none: 0x808080 } as const;

/** The number of characters an embed counts against the 6,000 total. */
export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  n += embed.author?.name.length ?? 0;
  for (const field of embed.fields ?? []) n += field.name.length + field.value.length;
  return n;
}

/** A running character budget for one embed. */
class Budget {
  constructor(public left: number) {}
  /** Fits `raw` to min(max, what is left) and charges it. */
  fit(raw: string, max: number, render: (s: string) => string): string {
    const text = fitText(raw, Math.min(max, this.left), render);
    this.left -= text.length;
    return text;
  }
  /** Charges a fixed string if it fits entirely; returns whether it did. */
  take(text: string): boolean {
    if (text.length > this.left) return false;
    this.left -= text.length;
    return true;
  }
}

/** An embed to be written with a given character budget (its share of the 6,000). */
type EmbedMaker = (budget: number) => APIEmbed | undefined;

function quoteEmbed(quote: Quote): EmbedMaker {
  return (total) => {
    const budget = new Budget(total);
    const embed: APIEmbed = { color: COLOR };
    // The link line is never cut (a cut URL is a broken link); without room it is dropped (the title links too).
    const linkLine = quote.url ? maskedLink(`▶ ${quote.timeLabel}`, quote.url) : safeText(quote.timeLabel);
    const hasLink = budget.take(`\n${linkLine}`);
    const footer = budget.fit(quote.citation + (quote.channel ? ` · ${quote.channel}` : ''), Math.min(DISCORD_LIMITS.footer, 200), plainText);
    if (footer) embed.footer = { text: footer };
    const title = budget.fit(quote.videoTitle, Math.min(DISCORD_LIMITS.embedTitle, Math.floor(budget.left / 3)), safeText);
    if (title) embed.title = title;
    const link = embedUrl(quote.url);
    if (link) embed.url = link;
    const fields: APIEmbedField[] = [];
    for (const [name, value] of [['Speaker', quote.speaker], ['Chapter', quote.chapter]] as const) {
      if (!value || !budget.take(name)) continue;
      const fitted = budget.fit(value, Math.min(DISCORD_LIMITS.fieldValue, Math.floor(budget.left / 4)), safeText);
      if (fitted) fields.push({ name, value: fitted, inline: true });
      else budget.left += name.length;
    }
    if (fields.length) embed.fields = fields;
    const descMax = DISCORD_LIMITS.embedDescription - (hasLink ? linkLine.length + 1 : 0);
    const body = budget.fit(quote.display ?? quote.text, Math.min(descMax, budget.left) - 2, safeText);
    embed.description = (body ? `> ${body}` : '') + (hasLink ? `\n${linkLine}` : '');
    if (!embed.description) delete embed.description;
    return embed;
  };
}

/** One line of a timeline/context group: `[≈4:32](url) text`. */
function quoteLine(quote: Quote, max: number): string {
  const link = quote.url ? `[${linkLabel(quote.timeLabel)}](${linkTarget(quote.url)})` : safeText(quote.timeLabel);
  const prefix = `${link} `;
  if (prefix.length >= max) return '';
  return prefix + fitText(quote.display ?? quote.text, max - prefix.length, safeText);
}

function groupEmbed(group: NonNullable<Answer['groups']>[number]): EmbedMaker {
  return (total) => {
    const budget = new Budget(total);
    const embed: APIEmbed = { color: COLOR };
    const title = budget.fit(group.heading, DISCORD_LIMITS.embedTitle, safeText);
    if (title) embed.title = title;
    const first = group.quotes[0];
    const link = embedUrl(first?.url);
    if (link) embed.url = link;
    const lines: string[] = [];
    let descLeft = Math.min(DISCORD_LIMITS.embedDescription, budget.left);
    const notes = (group.notes ?? []).map((note) => `*${safeText(note)}*`);
    const items = group.quotes.length + notes.length;
    group.quotes.forEach((quote, i) => {
      // Each line gets an equal share of what is left, so short lines leave room for later ones.
      const share = Math.floor(descLeft / (items - i)) - 1;
      const line = quoteLine(quote, share);
      if (!line) return;
      lines.push(line);
      descLeft -= line.length + 1;
    });
    for (const note of notes) {
      if (note.length + 1 > descLeft) continue;
      lines.push(note);
      descLeft -= note.length + 1;
    }
    if (lines.length) embed.description = lines.join('\n');
    return embed;
  };
}

function videoLine(video: VideoSummary): string {
  const title = video.title.length > 120 ? `${video.title.slice(0, 119)}…` : video.title;
  const link = maskedLink(title, video.url);
  const extra = [video.durationLabel, video.channel && plainText(safeText(video.channel)), video.collection && `in ${plainText(safeText(video.collection))}`]
    .filter(Boolean)
    .join(' · ');
  return `• ${link}${extra ? ` · ${extra}` : ''}`;
}

/**
 * Video list embeds, packed greedily with whole lines into at most `slots` embeds and `budget` characters.
 * Returns the embeds and how many videos did not fit.
 */
function videoEmbeds(videos: VideoSummary[], slots: number, budget: number): { embeds: APIEmbed[]; omitted: number } {
  const embeds: APIEmbed[] = [];
  let lines: string[] = [];
  let descLength = 0;
  let shown = 0;
  const flush = () => {
    if (lines.length) embeds.push({ color: COLOR, description: lines.join('\n') });
    lines = [];
    descLength = 0;
  };
  for (const video of videos) {
    const line = videoLine(video);
    const cost = line.length + (lines.length ? 1 : 0);
    if (cost > budget) break;
    if (descLength + cost > DISCORD_LIMITS.embedDescription) {
      if (embeds.length + 1 >= slots) break;
      flush();
    }
    lines.push(line);
    descLength += line.length + (lines.length > 1 ? 1 : 0);
    budget -= line.length + (lines.length > 1 ? 1 : 0);
    shown++;
  }
  flush();
  return { embeds: embeds.slice(0, slots), omitted: videos.length - shown };
}

function commandEmbeds(commands: NonNullable<Answer['commands']>): EmbedMaker[] {
  const makers: EmbedMaker[] = [];
  for (let start = 0; start < commands.length; start += DISCORD_LIMITS.fields) {
    const chunk = commands.slice(start, start + DISCORD_LIMITS.fields);
    makers.push((total) => {
      const budget = new Budget(total);
      const embed: APIEmbed = { color: COLOR, fields: [] };
      if (start === 0) embed.title = budget.fit('Commands', DISCORD_LIMITS.embedTitle, safeText);
      chunk.forEach((command, i) => {
        const share = Math.floor(budget.left / (chunk.length - i));
        const usage = command.usage.startsWith(command.name) ? command.usage : command.name;
        const name = fitText(`/${usage}`, Math.min(DISCORD_LIMITS.fieldName, Math.floor(share / 3)), plainText);
        const example = command.examples[0];
        const valueRaw = command.description + (example ? `\ne.g. ${example}` : '');
        const value = fitText(valueRaw, Math.min(DISCORD_LIMITS.fieldValue, share - name.length), (s) =>
          s.split('\n').map((part) => safeText(part)).join('\n'),
        );
        if (!name || !value) return;
        budget.left -= name.length + value.length;
        embed.fields!.push({ name, value });
      });
      return embed;
    });
  }
  return makers;
}

function verifyEmbed(verify: NonNullable<Answer['verify']>): EmbedMaker {
  return (total) => {
    const budget = new Budget(total);
    const embed: APIEmbed = { color: VERDICT_COLOR[verify.verdict] };
    embed.title = budget.fit(verify.label.trim() || verify.verdict, DISCORD_LIMITS.embedTitle, safeText);
    const similarity = `Similarity: ${Math.round(Math.max(0, Math.min(1, verify.similarity)) * 100)}%`;
    if (budget.take(similarity)) embed.description = similarity;
    const fields: APIEmbedField[] = [];
    const diffs = verify.differences.slice(0, 10);
    diffs.forEach((diff, i) => {
      const name = `Difference ${i + 1}`;
      const share = Math.floor(budget.left / (diffs.length - i)) - name.length;
      if (share < 20 || !budget.take(name)) return;
      const half = Math.floor((Math.min(DISCORD_LIMITS.fieldValue, share) - 30) / 2);
      const value = `said: “${fitText(diff.said || '—', half, safeText)}”\nyou wrote: “${fitText(diff.claimed || '—', half, safeText)}”`;
      budget.left -= value.length;
      fields.push({ name, value });
    });
    if (fields.length) embed.fields = fields;
    return embed;
  };
}

/** The message content: heading, explanation, paging and error reference (links wrapped, no previews). */
function renderContent(answer: Answer, omitted: number): string {
  const parts: Array<{ raw: string; render: (s: string) => string }> = [];
  const wrap = (s: string) => safeText(s, { wrapUrls: true });
  if (answer.title) parts.push({ raw: answer.title, render: (s) => `**${wrap(s)}**` });
  if (answer.text) {
    for (const paragraph of answer.text.split(/\n+/)) if (paragraph.trim()) parts.push({ raw: paragraph, render: wrap });
  }
  const tail: string[] = [];
  if (answer.page && answer.page.total > 0) {
    const from = answer.page.offset + 1;
    const to = answer.page.offset + answer.page.count;
    tail.push(`*Showing ${from}–${to} of ${answer.page.total}*`);
  }
  if (omitted > 0) tail.push(`*…and ${omitted} more not shown*`);
  if (answer.reference) tail.push(`Reference: \`${answer.reference.replace(/[`\s]/g, '')}\``);
  let left = DISCORD_LIMITS.content;
  const tailText = tail.join('\n').slice(0, DISCORD_LIMITS.content);
  left -= tailText.length + (tailText ? 1 : 0);
  const lines: string[] = [];
  parts.forEach((part, i) => {
    const share = Math.floor(left / (parts.length - i)) - 1;
    const line = fitText(part.raw, share, part.render);
    if (!line) return;
    lines.push(line);
    left -= line.length + 1;
  });
  if (tailText) lines.push(tailText);
  return lines.join('\n').slice(0, DISCORD_LIMITS.content);
}

const BUTTON_STYLE: Record<AnswerAction['kind'], ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success> = {
  more: ButtonStyle.Primary,
  context: ButtonStyle.Secondary,
  share: ButtonStyle.Success,
  card: ButtonStyle.Secondary,
  helpful: ButtonStyle.Secondary,
  'not-helpful': ButtonStyle.Secondary,
};

/** Buttons for the answer's actions (Share only where the answer is private and can be re-posted). */
export function renderButtons(
  actions: AnswerAction[] | undefined,
  context: RenderContext,
  ephemeral: boolean,
): DiscordPayload['components'] {
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const action of actions ?? []) {
    if (action.kind === 'share' && (!ephemeral || context.surface !== 'interaction')) continue;
    const customId = encodeCustomId({ kind: action.kind, userId: context.askerId, token: action.token });
    if (!customId) continue;
    buttons.push({
      type: ComponentType.Button,
      style: BUTTON_STYLE[action.kind],
      label: fitText(action.label, DISCORD_LIMITS.buttonLabel) || action.kind,
      custom_id: customId,
    });
  }
  const rows: DiscordPayload['components'] = [];
  for (let i = 0; i < buttons.length && rows.length < DISCORD_LIMITS.actionRows; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  }
  return rows;
}

/** Renders a core answer as a Discord payload that respects every Discord limit. */
export function renderAnswer(answer: Answer, context: RenderContext): DiscordPayload {
  const makers: EmbedMaker[] = [];
  if (answer.verify) makers.push(verifyEmbed(answer.verify));
  for (const quote of answer.quotes ?? []) makers.push(quoteEmbed(quote));
  for (const group of answer.groups ?? []) makers.push(groupEmbed(group));
  if (answer.commands?.length) makers.push(...commandEmbeds(answer.commands));

  const hasVideos = (answer.videos?.length ?? 0) > 0;
  const taken = makers.slice(0, DISCORD_LIMITS.embeds - (hasVideos ? 1 : 0));
  // Whatever does not fit is counted in the content, so nothing disappears silently.
  let omitted = makers.length - taken.length;
  const embeds: APIEmbed[] = [];
  let left = DISCORD_LIMITS.embedTotal;
  taken.forEach((make, i) => {
    // An equal share of what is left: small embeds leave more for the ones after them.
    const embed = make(Math.floor(left / (taken.length - i + (hasVideos ? 1 : 0))));
    if (!embed) return;
    left -= embedLength(embed);
    embeds.push(embed);
  });
  if (hasVideos) {
    const packed = videoEmbeds(answer.videos!, DISCORD_LIMITS.embeds - embeds.length, left);
    embeds.push(...packed.embeds);
    omitted += packed.omitted;
  }

  // An answer that can be shared is first shown to the asker alone (Share re-posts it publicly), as on Slack.
  const shareable = answer.actions?.some((a) => a.kind === 'share') ?? false;
  const ephemeral = context.surface === 'interaction' && (answer.ephemeral === true || shareable);
  const payload: DiscordPayload = {
    content: renderContent(answer, omitted),
    embeds,
    components: renderButtons(answer.actions, context, ephemeral),
    flags: ephemeral ? MessageFlags.Ephemeral : 0,
    allowed_mentions: { parse: [], replied_user: false },
  };
  if (!payload.content && !embeds.length) payload.content = 'Nothing to show.';
  return payload;
}

/**
 * The payload with a drawn picture attached: the PNG is uploaded with the message and shown as the image
 * of its first embed (`attachment://<name>`), or of an embed of its own when the payload has none.
 */
export function attachPicture(payload: DiscordPayload, file: { name: string; png: Buffer }): DiscordPayload {
  const image = { url: `attachment://${file.name}` };
  const embeds = payload.embeds.length ? payload.embeds.map((e, i) => (i === 0 ? { ...e, image } : e)) : [{ color: COLOR, image }];
  return { ...payload, embeds, files: [...(payload.files ?? []), { name: file.name, data: file.png }] };
}

/**
 * The payload as discord.js message options (it passes `embeds` and `components` JSON through unchanged;
 * `allowedMentions` is its spelling of `allowed_mentions`).
 */
export function toDiscordJs(payload: DiscordPayload): {
  content: string;
  embeds: APIEmbed[];
  components: DiscordPayload['components'];
  flags?: number;
  allowedMentions: { parse: []; repliedUser: false };
  files?: Array<{ attachment: Buffer; name: string }>;
} {
  const options = {
    content: payload.content,
    embeds: payload.embeds,
    components: payload.components,
    allowedMentions: { parse: [] as [], repliedUser: false as const },
    ...(payload.files?.length ? { files: payload.files.map((f) => ({ attachment: f.data, name: f.name })) } : {}),
  };
  return payload.flags ? { ...options, flags: payload.flags } : options;
}
