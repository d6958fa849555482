/**
 * Plain-text summaries of an ingest run, for the terminal and for chat: one count line, then one line per
 * video that was added, had no captions or failed (with the reason). Videos already there are counted,
 * not listed (an update of a big channel would list hundreds).
 *
 * @example
 * summaryLines(summary)
 * // ['Added 1, already there 3, without captions 1, failed 1.',
 * //  'Added: Talk [abc123def45] (en, uploader captions)', 'Without captions: Intro [xyz]: no en captions', 'Failed: Secret [p1]: private video']
 */
import type { CaptionChoice } from './captions.ts';
import type { IngestSummary, VideoOutcome } from './ingest.ts';
import type { FollowedSource, SourcesFile } from './store.ts';

/** `en, uploader captions` / `en-orig, automatic captions`. */
export function describeCaptions(c: CaptionChoice): string {
  return `${c.lang}, ${c.kind === 'uploader' ? 'uploader captions' : 'automatic captions'}`;
}

function label(o: VideoOutcome): string {
  return o.id && o.title !== o.url ? `${o.title} [${o.id}]` : o.title;
}

/** The count line: `Added 2, already there 1, without captions 0, failed 1.` */
export function countLine(summary: IngestSummary): string {
  const c = summary.counts;
  return `Added ${c.added}, already there ${c.present}, without captions ${c.withoutCaptions}, failed ${c.failed}.`;
}

/** One line for one finished video, for plain progress output. */
export function outcomeLine(o: VideoOutcome): string {
  switch (o.status) {
    case 'added':
      return `added ${label(o)} (${describeCaptions(o.captions!)})`;
    case 'present':
      return `already there: ${label(o)}`;
    case 'no-captions':
      return `without captions: ${label(o)}: ${o.reason}`;
    case 'failed':
      return `failed: ${label(o)}: ${o.reason}`;
  }
}

/** The summary: the count line, notes, then the added / without captions / failed videos (at most `max` of each). */
export function summaryLines(summary: IngestSummary, max = Infinity): string[] {
  const lines = [countLine(summary), ...summary.notes];
  const groups: Array<[VideoOutcome['status'], string, (o: VideoOutcome) => string]> = [
    ['added', 'Added', (o) => `${label(o)} (${describeCaptions(o.captions!)})`],
    ['no-captions', 'Without captions', (o) => `${label(o)}: ${o.reason}`],
    ['failed', 'Failed', (o) => `${label(o)}: ${o.reason}`],
  ];
  for (const [status, heading, line] of groups) {
    const items = summary.outcomes.filter((o) => o.status === status);
    for (const o of items.slice(0, max)) lines.push(`${heading}: ${line(o)}`);
    if (items.length > max) lines.push(`${heading}: ... and ${items.length - max} more`);
  }
  return lines;
}

/** `quotebot sources`: each followed source with its last update and counts, then the number of videos added. */
export function sourcesLines(record: SourcesFile): string[] {
  const lines: string[] = [];
  const count = (s: FollowedSource) => Object.values(record.videos).filter((v) => v.source === s.url).length;
  if (!record.sources.length) lines.push('No followed sources (follow a channel or playlist with quotebot add --follow <URL>).');
  for (const s of record.sources) {
    const last = s.lastUpdate ? `last update ${s.lastUpdate.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` : 'never updated';
    const result = s.lastResult ? ` (added ${s.lastResult.added}, already there ${s.lastResult.present}, without captions ${s.lastResult.withoutCaptions}, failed ${s.lastResult.failed})` : '';
    lines.push(`${s.title ?? s.url}${s.id ? ` [${s.id}]` : ''}`, `  ${s.url}`, `  ${count(s)} video${count(s) === 1 ? '' : 's'}; ${last}${result}`);
  }
  const all = Object.keys(record.videos).length;
  const loose = Object.values(record.videos).filter((v) => !v.source).length;
  lines.push(`${all} video${all === 1 ? '' : 's'} added with quotebot add${loose ? ` (${loose} not from a followed source)` : ''}.`);
  return lines;
}
