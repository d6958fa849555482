/**
 * The last wall before an answer leaves the core: an answer that contains a configured secret (a platform
 * token, the signing secret) is never sent. The loader already refuses files outside the transcripts
 * folder; this catches a secret that reached a transcript anyway (pasted into a caption file, a title).
 *
 * A secret counts as found when it appears as written, or when its letters and digits appear in order with
 * only other characters between removed, so markup escaping (`\_`), line breaks or spaces do not hide it.
 *
 * @example
 * const leaks = secretFinder([process.env.DISCORD_TOKEN!]);
 * if (leaks(answer)) answer = refusal; // never sent
 */
import type { Answer } from './types.ts';

/** Secrets shorter than this are not looked for (they would match ordinary words), as the log scrubber does. */
export const MIN_SECRET_LENGTH = 6;
/** Shortest letters-and-digits core of a secret that is also looked for with separators removed. */
const MIN_COMPACT_LENGTH = 16;

const compact = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '');

/**
 * A function that says whether an answer contains one of `secrets` (false for every answer when there are
 * none). Looks at every text of the answer: titles, quotes, video titles and links, notes, buttons.
 */
export function secretFinder(secrets: readonly string[]): (answer: Answer) => boolean {
  const exact = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH);
  const compacted = exact.map(compact).filter((s) => s.length >= MIN_COMPACT_LENGTH);
  if (exact.length === 0) return () => false;
  return (answer) => {
    const texts: string[] = [];
    collectStrings(answer, texts);
    const all = texts.join('\n');
    if (exact.some((s) => all.includes(s))) return true;
    const flat = compact(all);
    return compacted.some((s) => flat.includes(s));
  };
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
}
