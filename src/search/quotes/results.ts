/**
 * From ranked passages to the hits users see: ranked passages are merged into distinct moments
 * ({@link Results.mergeMoments}, ordered for diversity), a moment's region is cut to a named speaker's turns
 * ({@link Results.speakerRegion}), and each moment is quoted as its densest sentence-aligned window, moved onto
 * the answer when it ends on a question ({@link Results.hitFor}). {@link hitAt} makes the hit for any
 * character range of a transcript; verify builds its hits with it too.
 *
 * @example
 * const moments = results.mergeMoments(ranked);
 * const hit = results.hitFor(moments[0], terms); // { video, start, end, text, speaker?, chapter?, ... }
 */
import { cueFacts } from '../../corpus/cue-facts.ts';
import { cueAt, type StoredText } from '../../corpus/text.ts';
import type { Transcript } from '../../corpus/types.ts';
import { answerWindow } from './answer.ts';
import type { IndexData } from '../index/index-data.ts';
import { DIVERSITY_DEPTH, type SearchParams } from '../params.ts';
import type { Ranked } from '../ranking/rank.ts';
import type { QueryTerm } from '../query/resolve.ts';
import { bestWindow } from './snippet.ts';
import { timeAt } from '../index/timing.ts';
import type { Hit } from '../types.ts';
import { TermVectors } from '../index/vectors.ts';

/** A result: a best passage and the region of passages `[first, last]` merged into it. */
export interface Moment {
  best: number;
  first: number;
  last: number;
  score: number;
}

/** Who a hit's speaker is: whoever says most of the quote, or whoever says its first word. */
export type HitSpeaker = 'most' | 'first';

/**
 * The hit for characters `[charStart, charEnd)` of a transcript's stored text: its times (from the cue
 * timing), text, speaker ({@link HitSpeaker}) and chapter.
 */
export function hitAt(transcript: Transcript, stored: StoredText, charStart: number, charEnd: number, score: number, speakerRule: HitSpeaker): Hit {
  const start = timeAt(transcript, charStart);
  const end = Math.max(start, timeAt(transcript, charEnd));
  const hit: Hit = {
    video: transcript.meta,
    transcript,
    start,
    end,
    approximate: transcript.approximate,
    text: stored.text.slice(charStart, charEnd),
    charStart,
    charEnd,
    score,
  };
  const speaker = speakerRule === 'most' ? speakerOfMost(transcript, stored, charStart, charEnd) : speakerOfFirst(transcript, stored, charStart);
  if (speaker !== undefined) hit.speaker = speaker;
  const chapter = transcript.meta.chapters?.find((c) => start >= c.start && start < c.end);
  if (chapter) hit.chapter = chapter.title;
  return hit;
}

/** The speaker of the cue holding character `charStart` (undefined when untagged or no cues). */
function speakerOfFirst(transcript: Transcript, stored: StoredText, charStart: number): string | undefined {
  const cues = cueFacts(transcript);
  return cues.count > 0 ? cues.speaker(cueAt(stored, charStart)) : undefined;
}

/** The speaker who says most of characters `[charStart, charEnd)` (undefined when none is tagged). */
export function speakerOfMost(transcript: Transcript, stored: StoredText, charStart: number, charEnd: number): string | undefined {
  const cues = cueFacts(transcript);
  const tally = new Map<string, number>();
  for (let c = cueAt(stored, charStart); c < cues.count && stored.cueStarts[c]! < charEnd; c++) {
    const sp = cues.speaker(c);
    if (!sp) continue;
    const from = Math.max(charStart, stored.cueStarts[c]!);
    const to = Math.min(charEnd, stored.cueStarts[c]! + cues.textLength(c));
    tally.set(sp, (tally.get(sp) ?? 0) + Math.max(0, to - from));
  }
  let best: string | undefined;
  let bestN = -1;
  for (const [sp, k] of tally) if (k > bestN) [best, bestN] = [sp, k];
  return best;
}

/** End of a quote: the token end plus punctuation glued to it (`.`, `?`, `"`), or a caption-style ` .`. */
export function trailingPunctuationEnd(text: string, end: number): number {
  let e = end;
  while (e < text.length && /[.,!?;:…"'”’)\]]/.test(text[e]!)) e++;
  if (e === end && text[e] === ' ' && /[.?!]/.test(text[e + 1] ?? '') && (e + 2 >= text.length || text[e + 2] === ' ')) e += 2;
  return e;
}

/** Moments and hits over one index's data. */
export class Results {
  constructor(
    private readonly data: IndexData,
    private readonly params: SearchParams,
    private readonly transcripts: readonly Transcript[],
  ) {}

  /**
   * The densest quote window ({@link bestWindow}) of tokens `[from, to)` of transcript `t`, with `focus`
   * (corpus token ids in, and out): the window is found over that transcript's own breaks.
   */
  private window(t: number, from: number, to: number, weight: (term: number) => number, focus?: [number, number]): [number, number] {
    const d = this.data;
    const base = d.tokBase[t]!;
    const [a, b] = bestWindow(
      {
        from: from - base,
        to: to - base,
        terms: d.tokTerm.subarray(base, d.tokBase[t + 1]!),
        breaks: d.tokens.breaks(t),
        weight,
        focus: focus && [focus[0] - base, focus[1] - base],
      },
      this.params.snippet,
    );
    return [a + base, b + base];
  }

  /**
   * Groups ranked passages into distinct moments: a passage next to (or one passage away from) an already
   * chosen result merges into it; adjacent passages extend the result's region (at most 3 passages). A
   * moment within `momentGap` passages of a better one is kept but moved after all the moments that are
   * not, so the first results are distinct discussions rather than one discussion quoted three times; the
   * distinct moments are then ordered for diversity ({@link diversify}).
   */
  mergeMoments(ranked: Ranked[]): Moment[] {
    const pTranscript = this.data.pTranscript;
    const results: Moment[] = [];
    const deferred: Moment[] = [];
    const owner = new Map<number, Moment>();
    for (const { id, score } of ranked) {
      const t = pTranscript[id]!;
      const near = owner.get(id) ?? owner.get(id - 1) ?? owner.get(id + 1);
      if (near && pTranscript[near.best] === t) {
        if (id === near.first - 1 && near.last - near.first < 2) near.first = id;
        else if (id === near.last + 1 && near.last - near.first < 2) near.last = id;
        owner.set(id, near);
        continue;
      }
      const m: Moment = { best: id, first: id, last: id, score };
      let close = false;
      for (let g = 2; !close && g <= this.params.rank.momentGap; g++) {
        const o = owner.get(id - g) ?? owner.get(id + g);
        close = o !== undefined && pTranscript[o.best] === t;
      }
      (close ? deferred : results).push(m);
      owner.set(id, m);
    }
    const distinct = this.data.semantics && this.params.rank.diversity > 0 && results.length > 2 ? this.diversify(results) : results;
    return deferred.length ? distinct.concat(deferred) : distinct;
  }

  /**
   * Re-orders the best {@link DIVERSITY_DEPTH} results by maximal marginal relevance ({@link RankWeights.diversity}):
   * the first stays; each next is the one with the best `score / first score - diversity x similarity` to
   * the results already placed (cosine of region vectors, same recording only).
   */
  private diversify(results: Moment[]): Moment[] {
    const semantics = this.data.semantics!;
    const { pChunk, pTranscript } = this.data;
    const n = Math.min(results.length, DIVERSITY_DEPTH);
    const head = results.slice(0, n);
    const top = head[0]!.score;
    if (!(top > 0)) return results;
    const vectors = head.map((m) => semantics.regionVector(pChunk[m.best]!, this.params.rank.blockRadius));
    const similarity = (i: number, j: number): number =>
      pTranscript[head[i]!.best] === pTranscript[head[j]!.best] ? Math.max(0, TermVectors.cosine(vectors[i]!, vectors[j]!)) : 0;
    const placed = [0];
    const left = new Set<number>();
    for (let i = 1; i < n; i++) left.add(i);
    while (left.size) {
      let best = -1;
      let bestValue = -Infinity;
      for (const i of left) {
        let sim = 0;
        for (const j of placed) sim = Math.max(sim, similarity(i, j));
        const value = head[i]!.score / top - this.params.rank.diversity * sim;
        if (value > bestValue) [best, bestValue] = [i, value];
      }
      placed.push(best);
      left.delete(best);
    }
    return placed.map((i) => head[i]!).concat(results.slice(n));
  }

  /**
   * Consecutive matching passages (ascending ids) as moments, for `mentions`: a run of adjacent passages of
   * one transcript is one moment scored by the sum of its passages' scores, its best passage the highest.
   */
  runs(matching: number[], scores: Map<number, number>): Moment[] {
    const pTranscript = this.data.pTranscript;
    const moments: Moment[] = [];
    for (const p of matching) {
      const last = moments[moments.length - 1];
      if (last && last.last >= p - 1 && pTranscript[last.last] === pTranscript[p]) {
        last.last = p;
        last.score += scores.get(p)!;
        if (scores.get(p)! > scores.get(last.best)!) last.best = p;
      } else moments.push({ best: p, first: p, last: p, score: scores.get(p)! });
    }
    return moments;
  }

  /**
   * A moment's region cut to the turns of the speaker a query names ("what did Grad G think about X"), when
   * its best passage is theirs: the quote is then their words, not the question or remark before them.
   */
  speakerRegion(m: Moment, speaker: number): Moment {
    const pSpeaker = this.data.pSpeaker;
    if (speaker < 0 || pSpeaker[m.best] !== speaker) return m;
    let first = m.best;
    let last = m.best;
    while (first > m.first && pSpeaker[first - 1] === speaker) first--;
    while (last < m.last && pSpeaker[last + 1] === speaker) last++;
    return { ...m, first, last };
  }

  /**
   * The hit for a moment: the densest quote window inside its region, moved onto the answer when it ends on
   * a question another speaker answers ({@link answerWindow}; not when the question is by `speaker`, the
   * person the query asks about).
   */
  hitFor(m: Moment, terms: QueryTerm[], speaker = -1, answer = true): Hit {
    const d = this.data;
    const weights = new Map<number, number>();
    for (const q of terms) weights.set(q.id, d.bm25.idf[q.id]! * q.weight);
    const t = d.pTranscript[m.best]!;
    const [a, b] = this.window(t, d.pTokStart[m.first]!, d.pTokEnd[m.last]!, (term) => weights.get(term) ?? 0, [d.pTokStart[m.best]!, d.pTokEnd[m.best]!]);
    if (answer && this.params.rank.answer > 0 && (speaker < 0 || d.pSpeaker[m.best] !== speaker)) {
      const shifted = this.answerShift(t, a, b);
      if (shifted) return this.withMatches(this.tokenHit(t, shifted[0], shifted[1], m.score), t, shifted, weights);
    }
    return this.withMatches(this.tokenHit(t, a, b, m.score), t, [a, b], weights);
  }

  /** `hit` with {@link Hit.matches}: the span from the first to the last token of `[a, b)` (in transcript `t`) that is a query term. */
  private withMatches(hit: Hit, t: number, [a, b]: [number, number], weights: Map<number, number>): Hit {
    const d = this.data;
    let first = -1;
    let last = -1;
    for (let k = a; k < b; k++) {
      if ((weights.get(d.tokTerm[k]!) ?? 0) > 0) {
        if (first < 0) first = k;
        last = k;
      }
    }
    if (first >= 0) {
      const { base, starts, ends } = d.tokens.of(t);
      hit.matches = [starts[first - base]!, ends[last - base]!];
    }
    return hit;
  }

  /** The answer window for tokens `[a, b)` of transcript `t` ({@link answerWindow}), or undefined. */
  private answerShift(t: number, a: number, b: number): [number, number] | undefined {
    const d = this.data;
    const transcript = this.transcripts[t]!;
    const stored = d.stored[t]!;
    // The view is over this transcript's tokens only (ids relative to its first token).
    const { base, starts, ends } = d.tokens.of(t);
    const count = d.tokBase[t + 1]! - base;
    const view = { text: stored.text, tokStart: starts, tokEnd: ends, breaks: d.tokens.breaks(t), from: 0, to: count };
    const speakerAt = (k: number): string | undefined => speakerOfMost(transcript, stored, starts[k]!, ends[k]!);
    const { minWords, maxWords } = this.params.snippet;
    const local = answerWindow({ ...view, speakerAt }, [a - base, b - base], { ...this.params.answer, minWords, maxWords });
    return local && [local[0] + base, local[1] + base];
  }

  /** A hit for the random passage `p`: its densest window with no query words (the first best-aligned one). */
  randomHit(p: number): Hit {
    const d = this.data;
    const t = d.pTranscript[p]!;
    const [a, b] = this.window(t, d.pTokStart[p]!, d.pTokEnd[p]!, () => 0);
    return this.tokenHit(t, a, b, 0);
  }

  /** A hit for tokens `[a, b)` of transcript `t`, with the punctuation glued to its last word. */
  tokenHit(t: number, a: number, b: number, score: number): Hit {
    const stored = this.data.stored[t]!;
    const { base, starts, ends } = this.data.tokens.of(t);
    const charStart = starts[a - base]!;
    const charEnd = trailingPunctuationEnd(stored.text, ends[b - 1 - base]!);
    return hitAt(this.transcripts[t]!, stored, charStart, charEnd, score, 'most');
  }
}
