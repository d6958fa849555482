/**
 * Collections: each first-level folder of the transcripts folder is one (a channel, a podcast, a course;
 * `quotebot add` writes one per channel). A file at the top level belongs to no named collection: it is
 * listed as {@link TOP_LEVEL_LABEL} and is visible only where no collection is bound.
 *
 * @example
 * collectionOf('3b1b/Fourier [spUNpyF58BY].en.vtt') // '3b1b'
 * collectionOf('talk [abc].srt')                    // undefined
 */

/** How the top-level files (no named collection) are shown in lists. */
export const TOP_LEVEL_LABEL = '(top level)';

/** The collection of a file, from its path relative to the transcripts folder (`/` or `\` separators). */
export function collectionOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  return parts.length > 1 ? parts[0] : undefined;
}
