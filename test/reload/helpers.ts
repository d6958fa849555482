/**
 * Helpers for the hot-reload tests: temp transcript folders, SRT text, a recording logger and a minimal
 * index holder (the bot's `index` / `setIndex` pair).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Corpus } from '../../src/corpus/types.ts';
import type { IndexHolder, ReloadLogger, ReloadSummary } from '../../src/reload/index.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { buildIndex } from '../../src/search/index.ts';

/** SRT text with one two-second cue per line. */
export function srt(lines: string[]): string {
  const t = (s: number): string => `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},000`;
  return lines.map((line, i) => `${i + 1}\n${t(i * 2)} --> ${t(i * 2 + 2)}\n${line}\n`).join('\n');
}

/** A transcript about `word`: several sentences that mention it, so a search for it finds them. */
export function talk(word: string, extra = ''): string {
  return srt([
    `Today we talk about the ${word} and why it matters.`,
    `The ${word} is a remarkable thing to study closely.`,
    `Many people ask how the ${word} works in practice. ${extra}`.trim(),
    `That is all for the ${word} today, thanks for watching.`,
  ]);
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'quotebot-reload-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function put(dir: string, name: string, content: string | Uint8Array): Promise<void> {
  await writeFile(join(dir, name), content);
}

export interface LogLine {
  level: 'info' | 'warn' | 'error' | 'debug';
  obj: object;
  msg: string;
}

/** A logger that keeps every line. */
export function recordingLogger(): ReloadLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: object, msg = '') => void lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

/** The bot's index slot, counting swaps. */
export class Holder implements IndexHolder {
  swaps = 0;
  constructor(public index: SearchIndex) {}
  setIndex(index: SearchIndex): void {
    this.index = index;
    this.swaps++;
  }
}

export const emptyIndex = (): SearchIndex => buildIndex({ transcripts: [], skipped: [] } satisfies Corpus);

/** Files in the live index, sorted. */
export const liveFiles = (holder: IndexHolder): string[] => holder.index.corpus.transcripts.map((t) => t.file).sort();

/** True when a search for `word` finds a passage in `file`. */
export function finds(index: SearchIndex, word: string, file: string): boolean {
  return index.search(word, { limit: 20 }).hits.some((h) => h.transcript.file === file);
}

/** Collects reload summaries and lets a test await the next one matching a condition. */
export class Summaries {
  readonly all: ReloadSummary[] = [];
  private waiters: Array<{ match: (s: ReloadSummary) => boolean; resolve: (s: ReloadSummary) => void }> = [];
  readonly push = (summary: ReloadSummary): void => {
    this.all.push(summary);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(summary)) return true;
      w.resolve(summary);
      return false;
    });
  };
  /** Resolves with the first summary (already seen or future) matching `match`. */
  next(match: (s: ReloadSummary) => boolean, from = 0): Promise<ReloadSummary> {
    const seen = this.all.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}
