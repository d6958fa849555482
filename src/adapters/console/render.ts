/**
 * Answer -> terminal text: the quote, then title, time, speaker/chapter, link and citation. Colours (ANSI)
 * only when `color` is true (the chat passes `stdout.isTTY`), so piped output is clean text.
 */
import type { Answer, AnswerAction, Quote } from '../../core/types.ts';

/** Options of {@link renderAnswer}. */
export interface RenderOptions {
  /** Use ANSI styles. Default false. */
  color?: boolean;
}

type Style = (s: string) => string;

function styles(color: boolean): { bold: Style; dim: Style; link: Style; warn: Style } {
  const wrap = (open: number, close: number): Style => (s) => (color ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), link: wrap(36, 39), warn: wrap(33, 39) };
}

/** Removes control characters (incl. ESC) so transcript or user text cannot drive the terminal. */
export function safe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function renderQuote(q: Quote, n: number | undefined, s: ReturnType<typeof styles>): string[] {
  const lead = n === undefined ? '' : `${n}. `;
  const pad = ' '.repeat(lead.length);
  const lines = [`${lead}"${safe(q.display ?? q.text)}"`];
  // Where it is from (video and time); a speaker only when the transcript names one.
  const from = q.videoTitle ? `"${safe(q.videoTitle)}" at ${q.timeLabel}` : q.timeLabel;
  const meta = [q.speaker ? `${safe(q.speaker)}, in ${from}` : `from ${from}`, q.chapter ? `chapter: ${safe(q.chapter)}` : ''].filter(Boolean);
  lines.push(`${pad}${s.dim(`— ${meta.join(' · ')}`)}`);
  if (q.note) lines.push(`${pad}${s.bold(`[${safe(q.note)}]`)}`);
  lines.push(`${pad}${q.url ? `${s.link(q.url)}  ` : ''}${s.dim(`(${safe(q.citation)})`)}`);
  return lines;
}

function hint(actions: AnswerAction[] | undefined, answer: Answer): string | undefined {
  const hints: string[] = [];
  if (actions?.some((a) => a.kind === 'more')) hints.push('type "more" for the next page');
  const first = answer.quotes?.[0] ?? answer.groups?.[0]?.quotes[0];
  if (first && answer.kind !== 'context') hints.push(`"context ${first.citation}" to read around it`);
  if (first && actions?.some((a) => a.kind === 'card')) hints.push(`"card ${first.citation}" for a picture to share`);
  return hints.length ? `(${hints.join('; ')})` : undefined;
}

/** Renders an answer as plain terminal text (no trailing newline). */
export function renderAnswer(answer: Answer, options: RenderOptions = {}): string {
  const s = styles(options.color === true);
  const out: string[] = [];
  if (answer.title) {
    const page = answer.page && answer.page.total > answer.page.count ? ` (${answer.page.offset + 1}-${answer.page.offset + answer.page.count} of ${answer.page.total})` : '';
    out.push(s.bold(`${safe(answer.title)}${page}`));
  }
  if (answer.text) out.push(answer.kind === 'error' ? s.warn(safe(answer.text)) : safe(answer.text));
  if (answer.quotes?.length) {
    const numbered = answer.quotes.length > 1 || (answer.page?.total ?? 0) > 1;
    answer.quotes.forEach((q, i) => {
      out.push('');
      out.push(...renderQuote(q, numbered ? (answer.page?.offset ?? 0) + i + 1 : undefined, s));
    });
  }
  for (const group of answer.groups ?? []) {
    out.push('', s.bold(safe(group.heading)));
    for (const note of group.notes ?? []) out.push(s.dim(safe(note)));
    for (const q of group.quotes) {
      out.push('');
      out.push(...renderQuote({ ...q, videoTitle: '' }, undefined, s).map((l) => `  ${l}`));
    }
  }
  if (answer.videos?.length) {
    out.push('');
    answer.videos.forEach((v, i) => {
      const details = [v.durationLabel, v.channel ? safe(v.channel) : '', v.collection ? `in ${safe(v.collection)}` : '', `id ${safe(v.id)}`].filter(Boolean).join(' · ');
      out.push(`${(answer.page?.offset ?? 0) + i + 1}. ${safe(v.title)}`, `   ${s.dim(details)}${v.url ? `  ${s.link(v.url)}` : ''}`);
    });
  }
  if (answer.commands?.length) {
    out.push('');
    for (const c of answer.commands) {
      out.push(`  ${s.bold(c.usage)}`, `      ${c.description}`);
      if (c.examples.length) out.push(`      ${s.dim(`e.g. ${c.examples.join('  |  ')}`)}`);
    }
  }
  const tail = hint(answer.actions, answer);
  if (tail && answer.kind !== 'help') out.push('', s.dim(tail));
  return out.join('\n').replace(/^\n+/, '');
}
