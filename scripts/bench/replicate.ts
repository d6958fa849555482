/**
 * Benchmark corpora: a real transcript folder replicated in memory to a target number of hours.
 *
 * Every copy gets fresh objects and fresh strings (a JSON round trip), so memory figures are those of a
 * corpus of that size, not of shared references; video ids get a `~k` suffix per copy so they stay unique.
 * The first copy keeps the original ids, so the retrieval eval (gold video ids) runs on it unchanged.
 * Caveat: the vocabulary is that of the base corpus (a real 1,000-hour corpus has more distinct words).
 *
 * @example
 * const base = await loadCorpus('../shared/corpus/3b1b');
 * const big = replicate(base, 1000); // ~1,000 hours of captions
 */
import type { Corpus, Transcript } from '../../src/corpus/types.ts';

/** Spoken length of a transcript in seconds: its last cue's end (the sidecar duration when it has no cues). */
export function transcriptSeconds(t: Transcript): number {
  return t.cues.length ? t.cues[t.cues.length - 1]!.end : (t.meta.duration ?? 0);
}

/** Total spoken hours of a corpus. */
export function corpusHours(corpus: Corpus): number {
  return corpus.transcripts.reduce((s, t) => s + transcriptSeconds(t), 0) / 3600;
}

/** Words in a corpus (whitespace-separated, over cue texts). */
export function corpusWords(corpus: Corpus): number {
  let n = 0;
  for (const t of corpus.transcripts) for (const c of t.cues) n += c.text.split(' ').length;
  return n;
}

function copyOf(t: Transcript, k: number): Transcript {
  const clone = JSON.parse(JSON.stringify(t)) as Transcript;
  if (k > 0) {
    clone.meta.id = `${t.meta.id}~${k}`;
    clone.meta.title = `${t.meta.title} (copy ${k})`;
    clone.file = `copy-${k}/${t.file}`;
    if (clone.meta.url) clone.meta.url = `${t.meta.url}&copy=${k}`;
  }
  return clone;
}

/**
 * A corpus of about `hours` hours: whole copies of `base`, then videos of one more copy until the total
 * reaches `hours` (at least one video). `hours <= 0` or the base size gives one exact copy.
 */
export function replicate(base: Corpus, hours: number): Corpus {
  const transcripts: Transcript[] = [];
  const target = hours > 0 ? hours * 3600 : corpusHours(base) * 3600;
  let seconds = 0;
  for (let k = 0; ; k++) {
    for (const t of base.transcripts) {
      if (transcripts.length && seconds >= target) return { transcripts, skipped: [] };
      transcripts.push(copyOf(t, k));
      seconds += transcriptSeconds(t);
    }
    if (seconds >= target || base.transcripts.length === 0) return { transcripts, skipped: [] };
  }
}
