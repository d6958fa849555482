/**
 * Estimated cue times for transcripts without timestamps (the page format, plain text).
 *
 * Each chunk starts at `duration x wordsBefore / totalWords`, so times are strictly increasing and
 * the last start is below the duration. Without a duration the speaking rate is assumed to be
 * {@link WORDS_PER_MINUTE}.
 */
import type { Cue } from './types.ts';
import { WORDS_PER_MINUTE } from './parsed.ts';

/** Words per pseudo-cue when a paragraph has to be cut up. */
export const WORDS_PER_CUE = 12;

/** A piece of text to time, with an optional speaker. */
export interface Chunk {
  text: string;
  speaker?: string;
}

const countWords = (text: string): number => (text.match(/\S+/g) ?? []).length;

/**
 * Cuts `text` into chunks of about `size` words; words are never split, whitespace is collapsed.
 *
 * @example
 * chunkWords('a b c d e', 2) // ['a b', 'c d', 'e']
 */
export function chunkWords(text: string, size = WORDS_PER_CUE): string[] {
  const words = text.match(/\S+/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += size) chunks.push(words.slice(i, i + size).join(' '));
  return chunks;
}

/**
 * Times chunks by word position over `duration` seconds (or at {@link WORDS_PER_MINUTE} when the
 * duration is unknown). Times are rounded to milliseconds.
 */
export function timeByWords(chunks: Chunk[], duration?: number): Cue[] {
  const counts = chunks.map((chunk) => countWords(chunk.text));
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  const length = duration !== undefined && Number.isFinite(duration) && duration > 0 ? duration : (total / WORDS_PER_MINUTE) * 60;
  const at = (words: number): number => Math.floor((length * words * 1000) / total) / 1000;
  const cues: Cue[] = [];
  let before = 0;
  chunks.forEach((chunk, i) => {
    const words = counts[i]!;
    if (words === 0) return;
    const cue: Cue = { start: at(before), end: at(before + words), text: chunk.text };
    if (chunk.speaker) cue.speaker = chunk.speaker;
    cues.push(cue);
    before += words;
  });
  return cues;
}
