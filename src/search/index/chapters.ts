/**
 * Chapter titles as a ranking field. A video's chapters (from its `.info.json` sidecar: YouTube chapters,
 * written by the creator) are short human summaries of what each stretch is about. A passage inside a
 * chapter whose title names a query word is more likely the discussion asked about than one that says the
 * word in passing elsewhere ("Scaling laws" chapter vs a later aside about scaling).
 *
 * Built lazily from the transcripts' chapters and the passages' start times (nothing is stored in the index
 * cache), so a corpus without chapters pays nothing. Title words are matched by stem, stopwords left out.
 *
 * @example
 * const titles = ChapterTitles.build(transcripts, pBase, pStartTime);
 * const scores = titles.score([{ stem: 'scale', weight: 2.1 }]); // per chapter: sum of matched weights
 * scores[titles.chapterOf[p]] // 2.1 for a passage in the "Scaling laws" chapter
 */
import type { Transcript } from '../../corpus/types.ts';
import { stem } from '../text/stem.ts';
import { isStopword } from '../text/stopwords.ts';
import { words } from '../text/tokenize.ts';

export class ChapterTitles {
  private constructor(
    /** Chapter of every passage (numbered over the whole corpus), -1 when its video has no chapter there. */
    readonly chapterOf: Int32Array,
    /** Chapters whose title has a word of this stem. */
    private readonly byStem: Map<string, number[]>,
    /** Per-query scores (reset by {@link score}). */
    private readonly scores: Float32Array,
    private readonly touched: number[],
  ) {}

  /** How many chapters the corpus has. */
  get size(): number {
    return this.scores.length;
  }

  /**
   * `pBase[t]..pBase[t+1]` are the passages of transcript `t`, in time order; `pStartTime[p]` the start of
   * passage `p` in seconds.
   */
  static build(transcripts: readonly Transcript[], pBase: ArrayLike<number>, pStartTime: ArrayLike<number>): ChapterTitles {
    const chapterOf = new Int32Array(pBase[transcripts.length] ?? 0).fill(-1);
    const byStem = new Map<string, number[]>();
    let next = 0;
    transcripts.forEach((transcript, t) => {
      const chapters = transcript.meta.chapters ?? [];
      if (chapters.length === 0) return;
      const first = next;
      for (const chapter of chapters) {
        const stems = new Set(words(chapter.title).filter((w) => !isStopword(w)).map(stem));
        for (const s of stems) {
          const list = byStem.get(s);
          if (list) list.push(next);
          else byStem.set(s, [next]);
        }
        next++;
      }
      // Chapters are in time order: one pointer walks them along the passages.
      let j = 0;
      for (let p = pBase[t]!; p < pBase[t + 1]!; p++) {
        const time = pStartTime[p]!;
        while (j < chapters.length && time >= chapters[j]!.end) j++;
        if (j < chapters.length && time >= chapters[j]!.start) chapterOf[p] = first + j;
      }
    });
    return new ChapterTitles(chapterOf, byStem, new Float32Array(next), []);
  }

  /**
   * Scores every chapter for a query: the sum of the weights of the query stems its title has. Returns the
   * per-chapter scores (valid until the next call; chapters matching nothing are 0).
   */
  score(terms: ReadonlyArray<{ stem: string; weight: number }>): Float32Array {
    for (const c of this.touched) this.scores[c] = 0;
    this.touched.length = 0;
    for (const term of terms) {
      for (const c of this.byStem.get(term.stem) ?? []) {
        if (this.scores[c] === 0) this.touched.push(c);
        this.scores[c]! += term.weight;
      }
    }
    return this.scores;
  }
}
