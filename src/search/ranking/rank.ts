/**
 * The ranker: scores the passages of a scope for a query's terms and returns the best candidates, best first.
 * One {@link RankRequest} says what to rank; {@link Ranker.rank} runs the stages in order:
 *
 * 1. Candidates ({@link Ranker.candidates}): BM25 of the query terms over the passages in scope
 *    ({@link Bm25Index.scoreTerm}), common synonyms deferred to the candidates the other terms made
 *    ({@link RankWeights.synonymCandidateShare}), context words only when nothing else matched, stopword-only
 *    phrases by a scan; then the block score of the chunks around them ({@link Ranker.blockScores}).
 * 2. First pass ({@link Ranker.firstPass}): every candidate's BM25 + block + neighbours + chapter title
 *    (x the named speaker's boost), the best `rerankDepth` kept.
 * 3. Re-rank ({@link Ranker.rescore}): phrases checked; proximity, the chapter-scale window, the discussion score and the named
 *    speaker's window added; then the semantic re-rank and the opening/closing prior.
 *
 * Every BM25 score here (passage, block, window) is {@link saturated}. The weights are {@link RankWeights};
 * why each is what it is: docs/ranking.md. Per-query buffers come from the caller's {@link QueryScratch}.
 *
 * @example
 * const ranked = ranker.rank({ terms, scope, speakerFilter: -1, speakerBoost: -1, phrases: [] }, scratch);
 * // [{ id: 1234, score: 17.2 }, ...] passage ids, best first
 */
import type { Transcript } from '../../corpus/types.ts';
import { lengthNorm, saturated, type Bm25Index } from '../index/bm25.ts';
import { ChapterTitles } from '../index/chapters.ts';
import type { IndexData } from '../index/index-data.ts';
import type { RankWeights, SearchParams } from '../params.ts';
import type { PositionIntent } from '../query/query.ts';
import { MAX_TERMS, type QueryTerm } from '../query/resolve.ts';
import { SIDE, type QueryScratch } from './scratch.ts';
import { prefixRange } from '../text/sorted.ts';
import { fillerTermIds, phraseEndAt } from './phrase.ts';
import { sortPrefix, type TranscriptQueue } from './prune.ts';

export { DIVERSITY_DEPTH, RANK_DEFAULTS, type RankWeights } from '../params.ts';

/**
 * The passages a query searches: `[pFrom, pTo)`, and the transcript when it is one video (else -1).
 * `visible` (a collection view, see `collections.ts`): only passages of transcripts marked 1 count.
 */
export interface Scope {
  pFrom: number;
  pTo: number;
  transcript: number;
  visible?: Uint8Array;
}

/** A ranked passage. */
export interface Ranked {
  /** Passage id. */
  id: number;
  score: number;
}

/** What to rank. */
export interface RankRequest {
  /** The query's terms (at most {@link MAX_TERMS}; term i has bit `1 << i`). */
  terms: QueryTerm[];
  scope: Scope;
  /** Only passages of this speaker id count (-1: everyone). */
  speakerFilter: number;
  /** Passages of this speaker id are boosted ({@link RankWeights.speakerBoost}, `speakerWindow`); -1: none. */
  speakerBoost: number;
  /** Quoted phrases (term ids in order) every result must say. */
  phrases: number[][];
  /** Opening/closing intent of the query's wording ({@link RankWeights.position}). */
  position?: PositionIntent;
}

/** Per chapter, the score of its title for a query; per passage, its chapter (-1: none). */
export interface ChapterScores {
  scores: Float32Array;
  chapterOf: Int32Array;
}

/** Where a term's postings in the range being scored start (-1: none there). */
type StartOf = (q: QueryTerm) => number;

/** Where a term's postings in transcript `t` start (-1: none there), for the transcripts of the kept candidates. */
export type StartIn = (q: QueryTerm, t: number) => number;

/** The floor of another thread's heap ranking the same query ({@link Ranker.rankTranscripts}). */
export interface FloorShare {
  /** The other heap's floor (-Infinity until it is full). */
  other(): number;
  /** Publishes this heap's floor. */
  publish(floor: number): void;
}

/**
 * A second thread ranking the later transcripts of a pruned query ({@link Ranker.rankPruned}); see
 * `rank-thread.ts`.
 */
export interface RankHelper extends FloorShare {
  /** Whether it is started and has not failed. */
  ready(): boolean;
  /**
   * Starts ranking its share of the query's transcripts; returns the first of them (the main thread ranks those
   * before), or -1 when it could not (then it is not ready any more).
   */
  post(request: RankRequest, plan: Plan, chapterScores: Float32Array | undefined): number;
  /** Waits for the answer to the query posted and drops it (the main thread's share failed). */
  abandon(): void;
  /** Stops it (not used again). */
  stop(): void;
  /**
   * Waits for it, pushes its kept candidates into `heap` and returns where each term's postings start in
   * their transcripts, and its counts; undefined when it failed (then it is not ready any more).
   */
  collect(heap: TopK, s: QueryScratch): { startIn: StartIn; stats: HelperStats } | undefined;
}

/** A helper's counts for one query, as in {@link Ranker.lastPruned}. */
export interface HelperStats {
  listed: number;
  scored: number;
  blocks: number;
}

/** What a helper needs of the chapter titles: each passage's chapter, and how many chapters there are. */
export interface HelperChapters {
  chapterOf: Int32Array;
  count: number;
}

/** What a query scores and how ({@link Ranker.plan}). */
export interface Plan {
  /** Per term: a common synonym scored after the others. */
  deferred: boolean[];
  /** The terms that are not late. */
  early: QueryTerm[];
  /** The deferred terms that make no candidates (the others matched in scope); empty: they do. */
  late: QueryTerm[];
  /** Whether context words make candidates (no other term matched in scope). */
  context: boolean;
  /** Whether candidates come from scanning for stopword-only phrases. */
  phraseScan: boolean;
}

/** Ranks passages over one index's data. */
export class Ranker {
  private readonly weights: RankWeights;
  private readonly bm25: Bm25Index;
  private chapterTitles: ChapterTitles | undefined;
  /**
   * The last pruned ranking's transcripts: saying a query term (`listed`), scored before the bound stopped it
   * (`scored`), of those whose blocks were scored too (`blocks`: their passages' bound reached the floor);
   * and the lowest first-pass score kept (`floor`). Undefined until a
   * ranking is pruned. For benchmarks and tests.
   */
  lastPruned: { listed: number; scored: number; blocks: number; floor: number; threads?: number } | undefined;
  /** Term ids of the speaker's fillers (skipped inside a phrase), found on first use. */
  private fillers: ReadonlySet<number> | undefined;
  /** Threads the next pruned ranking runs on: 2 while a second thread ({@link startHelper}) is ready, else 1. */
  get threads(): number {
    return this.helper?.ready() ? 2 : 1;
  }

  /** A second thread for pruned rankings (`rank-thread.ts`), once started. */
  private helper: RankHelper | undefined;
  /** Starts {@link helper}, on the first pruned ranking (its chapters known then); set by the index. */
  startHelper: ((chapters: HelperChapters | undefined) => RankHelper | undefined) | undefined;

  constructor(
    private readonly data: IndexData,
    private readonly params: SearchParams,
    private readonly transcripts: readonly Transcript[],
  ) {
    this.weights = params.rank;
    this.bm25 = data.bm25;
  }

  /** Stops the second thread, if any (rankings stay the same, on this thread). */
  close(): void {
    this.startHelper = undefined;
    this.helper?.stop();
    this.helper = undefined;
  }

  /** Scores the passages in scope; returns the best candidates, best first. Leaves `s`'s scores cleared. */
  rank(request: RankRequest, s: QueryScratch): Ranked[] {
    const { terms } = request;
    const plan = this.plan(request, s);
    const chapters = this.chapterScores(terms);
    const heap = new TopK(this.weights.rerankDepth);
    let startIn: StartIn | undefined;
    if (this.prunable(request, plan)) startIn = this.rankPruned(request, plan, chapters, heap, s);
    else {
      this.score(request, plan, request.scope.pFrom, request.scope.pTo, s);
      this.firstPass(request, chapters, heap, s);
      s.resetScores();
    }
    // After a pruned ranking, where each term's postings start in every kept candidate's transcript is known.
    const out = this.rescore(request, heap, s, startIn);
    s.transcripts.clear();
    out.sort((a, b) => b.score - a.score || a.id - b.id);
    if (this.data.semantics && out.length > 1) this.semanticRerank(terms, out);
    if (request.position && this.weights.position > 0 && out.length > 1) this.positionPrior(request.position, out);
    return out;
  }

  /**
   * Stages 1 and 2 transcript by transcript, best bound first, until no passage of the transcripts left can
   * enter the first pass's best `rerankDepth` ({@link rankTranscripts}): with a {@link RankHelper} ready, its
   * thread ranks the later transcripts at the same time, the two sharing their floors, and its kept candidates
   * join `heap`; if it fails, they are ranked here after. Returns where each term's postings start in every
   * kept candidate's transcript.
   */
  private rankPruned(request: RankRequest, plan: Plan, chapters: ChapterScores | undefined, heap: TopK, s: QueryScratch): StartIn {
    const numTranscripts = this.data.pBase.length - 1;
    if (this.startHelper) {
      const start = this.startHelper;
      this.startHelper = undefined;
      this.helper = start(chapters && { chapterOf: chapters.chapterOf, count: chapters.scores.length });
    }
    const posted = this.helper?.ready() ? this.helper.post(request, plan, chapters?.scores) : -1;
    const helper = posted >= 0 ? this.helper : undefined;
    const mid = posted >= 0 ? posted : numTranscripts;
    let queue: TranscriptQueue;
    try {
      queue = this.rankTranscripts(request, plan, chapters, heap, s, 0, mid, helper);
    } catch (error) {
      // The helper's answer to this query must not be left for the next one.
      helper?.abandon();
      throw error;
    }
    const mine = startsIn(queue, s);
    if (!helper) return mine;
    const theirs = helper.collect(heap, s);
    if (theirs) {
      this.lastPruned = bothHalves(this.lastPruned!, theirs.stats, heap.floor(), 2);
      return (q, t) => (t < mid ? mine(q, t) : theirs.startIn(q, t));
    }
    // The helper failed (it says why): its transcripts here. The queue's starts for ours stay (a fill writes only its own).
    const first = this.lastPruned!;
    this.rankTranscripts(request, plan, chapters, heap, s, mid, numTranscripts);
    this.lastPruned = bothHalves(first, this.lastPruned!, heap.floor(), 1);
    return mine;
  }

  /**
   * Stages 1 and 2 for transcripts `[from, to)`, best bound first ({@link TranscriptQueue}), until no passage of
   * the transcripts left can enter the first pass's best `rerankDepth`: the same candidates as scoring the
   * whole scope, with the same scores (a transcript's passages, neighbours and blocks are all inside it). With
   * `share` (another thread ranking other transcripts for the same query), the floor is the higher of the two
   * heaps' (a passage below either is below the `rerankDepth` best of all), and this heap's is published.
   */
  rankTranscripts(request: RankRequest, plan: Plan, chapters: ChapterScores | undefined, heap: TopK, s: QueryScratch, from: number, to: number, share?: FloorShare): TranscriptQueue {
    const queue = this.transcriptQueue(request, chapters, s, from, to);
    const { pBase } = this.data;
    let t = -1;
    // A term's place in the query is in `termBit` (set by `plan`); a repeated id has the same postings at either place.
    const startIn = startsIn(queue, s);
    const at = (q: QueryTerm): number => startIn(q, t);
    const pruned = { listed: queue.length, scored: 0, blocks: 0, floor: 0 };
    // At least 1 (a batch of none would score nothing: no results).
    const size = Math.max(1, Math.floor(this.weights.pruneBatch) || 1);
    const floorNow = (): number => (share ? Math.max(heap.floor(), share.other()) : heap.floor());
    // Best bounds first, a batch at a time, each batch in transcript order (memory order); a transcript whose
    // bound fell below the floor since its batch was taken is skipped.
    for (let n = queue.popBatch(floorNow(), size); n > 0; n = queue.popBatch(floorNow(), size)) {
      for (let b = 0; b < n; b++) {
        t = queue.batch[b]!;
        const floor = floorNow();
        if (queue.bound(t) < floor) continue;
        pruned.scored++;
        const from = pBase[t]!;
        const to = pBase[t + 1]!;
        this.candidates(request, plan, from, to, s, at);
        // The passages' BM25 and neighbours are known now: most transcripts stop here, before their blocks, and
        // in the others only the candidates whose bound still reaches the floor need their blocks and first pass.
        const reaching = this.reaching(t, from, to, queue, floor, s);
        if (reaching > 0) {
          pruned.blocks++;
          this.blocksOf(request, plan, reaching, to, s, at);
          this.firstPass(request, chapters, heap, s, reaching);
          share?.publish(heap.floor());
        }
        s.resetScores();
      }
    }
    pruned.floor = heap.floor();
    this.lastPruned = pruned;
    return queue;
  }

  /** The transcripts of the query's terms with their first-pass bounds ({@link TermBounds}). */
  private transcriptQueue(request: RankRequest, chapters: ChapterScores | undefined, s: QueryScratch, from: number, to: number): TranscriptQueue {
    let chapterMax = 0;
    if (chapters) for (let c = 0; c < chapters.scores.length; c++) chapterMax = Math.max(chapterMax, chapters.scores[c]!);
    const boost = request.speakerBoost >= 0 ? Math.max(1, this.weights.speakerBoost) : 1;
    const weights = request.terms.map((q) => ({ id: q.id, weight: this.bm25.idf[q.id]! * q.weight }));
    return s.transcripts.fill(this.data.bounds!, weights, request.scope.visible, this.weights.chapterTitle * chapterMax, boost, from, to);
  }

  /**
   * Whether this query may rank transcript by transcript ({@link rankPruned}): pruning on, bounds built with
   * this ranker's weights, the whole corpus in scope and at least `pruneMinPassages` passages, no stopword-only
   * phrase scan, positive weights, and at least `pruneMinPostings` postings to walk (below those, scoring
   * everything costs as little).
   */
  private prunable(request: RankRequest, plan: Plan): boolean {
    const w = this.weights;
    const bounds = this.data.bounds;
    const { scope, terms } = request;
    if (!w.prune || !bounds || bounds.neighbors !== w.neighbors || bounds.block !== w.block) return false;
    if (scope.transcript >= 0 || scope.pFrom !== 0 || scope.pTo !== this.data.pTranscript.length || plan.phraseScan) return false;
    if (scope.pTo < w.pruneMinPassages) return false;
    if (w.neighbors < 0 || w.block < 0 || w.chapterTitle < 0 || terms.length > MAX_TERMS || terms.some((q) => !(q.weight > 0))) return false;
    let postings = 0;
    for (const q of terms) postings += this.bm25.df(q.id);
    return postings >= w.pruneMinPostings;
  }

  /**
   * What a query scores and how, decided over the whole scope once (the same for every range scored):
   * which common synonyms are deferred ({@link RankWeights.synonymCandidateShare}) and whether they still
   * make candidates, and whether context words do (only when nothing else matched in scope). Marks each term's
   * bit in `s.termBit`.
   */
  private plan(request: RankRequest, s: QueryScratch): Plan {
    const { terms, phrases, scope } = request;
    const { pFrom, pTo } = scope;
    const bm = this.bm25;
    const share = this.weights.synonymCandidateShare;
    const deferred = terms.map((q) => {
      if (share >= 1 || !q.local || q.synonym !== true) return false;
      const inScope = bm.lowerBound(q.id, pTo) - bm.lowerBound(q.id, pFrom);
      return inScope > share * (pTo - pFrom) && inScope >= this.weights.synonymCandidateMinPostings;
    });
    terms.forEach((q, i) => (s.termBit[q.id] = i));
    const said = (i: number): boolean => this.saidInScope(terms[i]!.id, scope);
    const othersSaid = terms.some((q, i) => q.local && !deferred[i] && said(i));
    const anyDeferred = deferred.includes(true);
    const localSaid = othersSaid || (anyDeferred && terms.some((_, i) => deferred[i] && said(i)));
    const late = anyDeferred && othersSaid ? terms.filter((_, i) => deferred[i]) : [];
    return {
      deferred,
      late,
      early: terms.filter((q) => !late.includes(q)),
      context: !localSaid,
      phraseScan: phrases.length > 0 && terms.every((q) => !q.local),
    };
  }

  /** Whether a term has a posting in scope (in a visible transcript). */
  private saidInScope(term: number, scope: Scope): boolean {
    const bm = this.bm25;
    const { visible } = scope;
    const { pTranscript } = this.data;
    if (term < 0 || term + 1 >= bm.offsets.length) return false;
    const end = bm.offsets[term + 1]!;
    for (let k = bm.lowerBound(term, scope.pFrom); k < end; k++) {
      const d = bm.docs[k]!;
      if (d >= scope.pTo) return false;
      if (!visible || visible[pTranscript[d]!] === 1) return true;
    }
    return false;
  }

  /**
   * Stage 1 over passages `[from, to)`: the candidates' BM25 ({@link candidates}), then their blocks' scores.
   */
  private score(request: RankRequest, plan: Plan, from: number, to: number, s: QueryScratch): void {
    this.candidates(request, plan, from, to, s);
    this.blocks(request, plan, from, to, s);
  }

  /** The block scores of stage 1 over passages `[from, to)`, once their {@link candidates} are scored. */
  private blocks(request: RankRequest, plan: Plan, from: number, to: number, s: QueryScratch): void {
    const { terms } = request;
    const late = plan.late;
    if (this.weights.block > 0) {
      if (late.length) {
        this.blockScores(plan.early, from, to, s, false);
        this.blockScores(late, from, to, s, true);
      } else this.blockScores(terms, from, to, s, false);
    }
  }

  /**
   * Moves to the front of `s.touched` the candidates of the one transcript `t` (passages `[from, to)`) whose
   * second bound ({@link TranscriptQueue.passageBound}: their BM25 + `neighbors` x their neighbours', as
   * {@link firstPass} adds them, once {@link candidates} scored them, plus the most the blocks can add) reaches
   * `floor`, and returns how many. The others cannot enter the first pass's best (their score is below the floor).
   */
  private reaching(t: number, from: number, to: number, queue: TranscriptQueue, floor: number, s: QueryScratch): number {
    const { acc } = s;
    const nb = this.weights.neighbors;
    const touched = s.touched.data;
    let count = 0;
    for (let k = 0; k < s.touched.length; k++) {
      const p = touched[k]!;
      let around = 0;
      if (p > from) around += acc[p - 1]!;
      if (p + 1 < to) around += acc[p + 1]!;
      if (queue.passageBound(t, acc[p]! + nb * around) >= floor) {
        touched[k] = touched[count]!;
        touched[count++] = p;
      }
    }
    return count;
  }

  /**
   * The block scores ({@link blocks}) of the chunks of the first `count` candidates of `s.touched` only (it
   * sorts them), in the one transcript ending before passage `to` (`at`: where each term's postings there
   * start): the same values as {@link blocks} gives those chunks (each term's frequency per chunk from its
   * postings, summed over the block's chunks: whole numbers, so exact; the terms added in the same order),
   * without the blocks no other candidate reads.
   */
  private blocksOf(request: RankRequest, plan: Plan, count: number, to: number, s: QueryScratch, at: StartOf): void {
    if (!(this.weights.block > 0)) return;
    // In passage order their chunks ascend, so each chunk's candidates are side by side.
    sortPrefix(s.touched.data, count);
    // Late terms after the others, as in `blocks`; its rule that they add only to blocks an earlier term reached
    // never skips one here: every candidate's chunk was reached by the term that made it a candidate.
    this.blockScoresOf(plan.late.length ? plan.early : request.terms, count, to, s, at);
    if (plan.late.length) this.blockScoresOf(plan.late, count, to, s, at);
  }

  /** {@link blockScores} of the chunks of the first `count` candidates of `s.touched` (in passage order) only ({@link blocksOf}). */
  private blockScoresOf(terms: QueryTerm[], count: number, to: number, s: QueryScratch, at: StartOf): void {
    const bm = this.bm25;
    const k1p = bm.k1 + 1;
    const { pChunk, blockLo, blockHi, blockNorm } = this.data;
    const { chunkTf, blockAcc, blockTouched } = s;
    const touched = s.chunkTouched.data;
    const candidates = s.touched.data;
    for (const q of terms) {
      const start = at(q);
      if (start < 0) continue;
      const n = this.chunkFrequencies(q, start, to, s);
      const idf = bm.idf[q.id]! * q.weight;
      let last = -1;
      for (let i = 0; i < count; i++) {
        const w = pChunk[candidates[i]!]!;
        if (w === last) continue;
        last = w;
        let tf = 0;
        for (let j = blockLo[w]!; j <= blockHi[w]!; j++) tf += chunkTf[j]!;
        // A block that holds none of the term's postings gets nothing from it (blockScores never reaches it).
        if (tf === 0) continue;
        if (blockAcc[w] === 0) blockTouched.data[blockTouched.length++] = w;
        blockAcc[w]! += saturated(idf, tf, k1p, blockNorm[w]!);
      }
      for (let i = 0; i < n; i++) chunkTf[touched[i]!] = 0;
    }
  }

  /**
   * BM25 of the terms into `s.acc` for the passages in `[from, to)`, marking each term's bit in `s.mask`, as
   * `plan` says: common synonyms deferred to the candidates the other terms made, context words only when
   * nothing else matched in scope, stopword-only phrases by a scan.
   */
  private candidates(request: RankRequest, plan: Plan, from: number, to: number, s: QueryScratch, at?: StartOf): void {
    const { terms, phrases } = request;
    const bm = this.bm25;
    s.touched.length = 0;
    const { deferred, late } = plan;
    // Plain loops (no closures): a pruned ranking runs this once per transcript it scores.
    for (let i = 0; i < terms.length; i++) {
      const q = terms[i]!;
      if (q.local && !deferred[i]) bm.scoreTerm(q.id, q.weight, from, to, s.acc, s.touched, s.mask, 1 << i, at?.(q));
    }
    for (let i = 0; i < terms.length; i++) {
      const q = terms[i]!;
      if (!deferred[i]) continue;
      if (late.length) this.scoreTermForCandidates(q, 1 << i, from, to, s, at?.(q));
      else bm.scoreTerm(q.id, q.weight, from, to, s.acc, s.touched, s.mask, 1 << i, at?.(q));
    }
    // Passages matching only context words still need to be candidates (a topic said only in context).
    if (plan.context) {
      for (let i = 0; i < terms.length; i++) {
        const q = terms[i]!;
        if (!q.local) bm.scoreTerm(q.id, q.weight, from, to, s.acc, s.touched, s.mask, 1 << i, at?.(q));
      }
    }
    if (plan.phraseScan) this.phraseOnlyCandidates(phrases, from, to, s);
  }

  /**
   * Stage 2: every candidate's first-pass score (BM25 + block + neighbours + chapter title, x speaker boost);
   * keeps the best `rerankDepth`. Every candidate passage goes through this loop (tens of thousands for common
   * words at 1,000 hours): fields and weights are read once into locals.
   */
  private firstPass(request: RankRequest, chapters: ChapterScores | undefined, heap: TopK, s: QueryScratch, count = s.touched.length): void {
    const { speakerFilter, speakerBoost } = request;
    const chapterWeight = this.weights.chapterTitle;
    const chapterScores = chapters?.scores;
    const chapterOf = chapters?.chapterOf;
    const { block, neighbors, speakerBoost: boost } = this.weights;
    const acc = s.acc;
    const blockAcc = s.blockAcc;
    const { pChunk, pTranscript, pSpeaker } = this.data;
    const visible = request.scope.visible;
    const numP = pTranscript.length;
    const touched = s.touched.data;
    for (let k = 0; k < count; k++) {
      const p = touched[k]!;
      if (speakerFilter >= 0 && pSpeaker[p] !== speakerFilter) continue;
      if (visible && visible[pTranscript[p]!] !== 1) continue;
      let sc = acc[p]!;
      if (block > 0) sc += block * blockAcc[pChunk[p]!]!;
      if (neighbors > 0) {
        const t = pTranscript[p]!;
        let around = 0;
        if (p > 0 && pTranscript[p - 1] === t) around += acc[p - 1]!;
        if (p + 1 < numP && pTranscript[p + 1] === t) around += acc[p + 1]!;
        sc += neighbors * around;
      }
      if (chapterScores) {
        const c = chapterOf![p]!;
        if (c >= 0) sc += chapterWeight * chapterScores[c]!;
      }
      if (speakerBoost >= 0 && pSpeaker[p] === speakerBoost) sc *= boost;
      heap.push(p, sc);
    }
  }

  /** Chapter titles that name a query word (the word itself, its correction or parts; not a synonym). */
  private chapterScores(terms: QueryTerm[]): ChapterScores | undefined {
    if (this.weights.chapterTitle <= 0) return undefined;
    this.chapterTitles ??= ChapterTitles.build(this.transcripts, this.data.pBase, this.data.pStartTime);
    const titles = this.chapterTitles;
    if (titles.size === 0) return undefined;
    const named = terms.filter((q) => q.local && q.word >= 0 && !q.synonym);
    const scores = titles.score(named.map((q) => ({ stem: this.data.stemOf[q.id]!, weight: this.bm25.idf[q.id]! * q.weight })));
    return { scores, chapterOf: titles.chapterOf };
  }

  /** Stage 3: the kept candidates that say every phrase, with proximity and the window scores added (unsorted). */
  private rescore(request: RankRequest, heap: TopK, s: QueryScratch, startIn?: StartIn): Ranked[] {
    const { terms, phrases, speakerBoost } = request;
    const { pTokStart, pTokEnd, tokTerm } = this.data;
    const weights = terms.map((q) => this.bm25.idf[q.id]! * q.weight);
    const positions = new Int32Array(256);
    const bits = new Int32Array(256);
    const key = this.weights.discussion > 0 ? this.discussionKey(terms, weights) : -1;
    const out: Ranked[] = [];
    for (const c of heap.sorted()) {
      const p = c.id;
      if (phrases.length && !phrases.every((ph) => this.passageHasPhrase(p, ph))) continue;
      let score = c.score;
      if (this.weights.proximity > 0 && terms.length > 1) {
        let count = 0;
        for (let k = pTokStart[p]!; k < pTokEnd[p]! && count < 256; k++) {
          const b = s.termBit[tokTerm[k]!]!;
          if (b >= 0) {
            positions[count] = k;
            bits[count++] = b;
          }
        }
        score += this.weights.proximity * proximityBonus(positions, bits, count, weights);
      }
      if (this.weights.midBlock > 0) score += this.weights.midBlock * this.windowScore(p, terms, weights, this.weights.midRadius, -1, startIn);
      if (key >= 0) score += this.weights.discussion * this.discussionScore(p, terms[key]!, weights[key]!, startIn);
      if (this.weights.speakerWindow > 0 && speakerBoost >= 0) {
        score += this.weights.speakerWindow * this.windowScore(p, terms, weights, this.weights.speakerRadius, speakerBoost, startIn);
      }
      out.push({ id: p, score });
    }
    return out;
  }

  /**
   * Adds a term's BM25 to the passages that are already candidates (`mask` set) and to their neighbours
   * (for the neighbour signal; those stay non-candidates, listed in `sideTouched` for the reset), without
   * making new candidates: what a common synonym would add to the scores the ranking reads, at the cost of
   * one walk over its postings in scope.
   */
  private scoreTermForCandidates(q: QueryTerm, bit: number, pFrom: number, pTo: number, s: QueryScratch, start?: number): void {
    if (start === -1) return;
    const bm = this.bm25;
    const { docs, tfs } = bm;
    const acc = s.acc;
    const mask = s.mask;
    const side = s.sideTouched;
    const withNeighbours = this.weights.neighbors > 0;
    const idf = bm.idf[q.id]! * q.weight;
    const k1p = bm.k1 + 1;
    const norm = bm.norm;
    const numP = mask.length;
    const end = bm.offsets[q.id + 1]!;
    for (let k = start ?? bm.lowerBound(q.id, pFrom); k < end; k++) {
      const d = docs[k]!;
      if (d >= pTo) break;
      const m = mask[d]!;
      if ((m & ~SIDE) !== 0) mask[d] = m | bit;
      else if (!withNeighbours || !((d > 0 && (mask[d - 1]! & ~SIDE) !== 0) || (d + 1 < numP && (mask[d + 1]! & ~SIDE) !== 0))) continue;
      else if (m === 0) {
        mask[d] = SIDE;
        side.data[side.length++] = d;
      }
      acc[d]! += saturated(idf, tfs[k]!, k1p, norm[d]!);
    }
  }

  /**
   * BM25 of the passage-level query terms counted over passages `p - radius .. p + radius` of its
   * transcript, term frequencies saturated with k1. Two uses:
   * - the chapter-scale window ({@link RankWeights.midBlock}): every passage counts, and the window is
   *   length normalised (BM25 `b`) against the average window of `2 radius + 1` passages;
   * - the named speaker's window ({@link RankWeights.speakerWindow}, `speaker` >= 0): only that speaker's
   *   passages count, with no length normalisation (the speaker's share of the window varies).
   * Term frequencies come from the postings (two binary searches per term), so the cost does not grow with
   * the window's text.
   */
  private windowScore(p: number, terms: QueryTerm[], weights: number[], radius: number, speaker = -1, startIn?: StartIn): number {
    const bm = this.bm25;
    const { pTranscript, pBase, pSpeaker } = this.data;
    const t = pTranscript[p]!;
    const lo = Math.max(pBase[t]!, p - radius);
    const hi = Math.min(pBase[t + 1]! - 1, p + radius);
    const k1 = bm.k1;
    let norm = k1;
    if (speaker < 0) {
      let len = 0;
      for (let x = lo; x <= hi; x++) len += bm.lengths[x]!;
      norm = lengthNorm(k1, bm.b, len, bm.avgLength * (2 * radius + 1));
    }
    let sc = 0;
    for (let i = 0; i < terms.length; i++) {
      const q = terms[i]!;
      if (!q.local) continue;
      let tf = 0;
      const end = bm.offsets[q.id + 1]!;
      for (let k = this.firstPosting(q, lo, t, startIn); k < end && bm.docs[k]! <= hi; k++) {
        if (speaker < 0 || pSpeaker[bm.docs[k]!] === speaker) tf += bm.tfs[k]!;
      }
      if (tf > 0) sc += saturated(weights[i]!, tf, k1 + 1, norm);
    }
    return sc;
  }

  /**
   * The query term {@link discussionScore} counts: the most specific one (the highest IDF x query weight) among
   * the passage-level terms that are not synonyms; -1 when there is none.
   */
  private discussionKey(terms: QueryTerm[], weights: number[]): number {
    let key = -1;
    for (let i = 0; i < terms.length; i++) {
      if (terms[i]!.local && !terms[i]!.synonym && (key < 0 || weights[i]! > weights[key]!)) key = i;
    }
    return key;
  }

  /**
   * Discussion score ({@link RankWeights.discussion}) of passage `p` for the key term `q` of weight `w`
   * ({@link discussionKey}): `w` x the share of the passages `p - discussionBefore .. p + discussionAfter` of
   * the transcript, `p` itself left out, that say it. It counts passages, not occurrences: a word listed three
   * times in one passage is still one passage, while a topic that is discussed keeps coming back in the
   * passages around it. Passages past the transcript's edges count as not saying it. One binary search in the
   * term's postings per candidate.
   */
  private discussionScore(p: number, q: QueryTerm, w: number, startIn?: StartIn): number {
    const { discussionBefore: before, discussionAfter: after } = this.weights;
    if (before + after <= 0) return 0;
    const bm = this.bm25;
    const { pTranscript, pBase } = this.data;
    const t = pTranscript[p]!;
    const lo = Math.max(pBase[t]!, p - before);
    const hi = Math.min(pBase[t + 1]! - 1, p + after);
    let n = 0;
    const end = bm.offsets[q.id + 1]!;
    for (let k = this.firstPosting(q, lo, t, startIn); k < end && bm.docs[k]! <= hi; k++) if (bm.docs[k] !== p) n++;
    return (w * n) / (before + after);
  }
  /**
   * The first posting of `q` at or after passage `lo` of transcript `t`: from where its postings in `t` start
   * when `startIn` knows ({@link rankPruned}'s transcripts; none there: past them), else a binary search.
   */
  private firstPosting(q: QueryTerm, lo: number, t: number, startIn?: StartIn): number {
    const bm = this.bm25;
    const start = startIn ? startIn(q, t) : -2;
    if (start === -1) return bm.offsets[q.id + 1]!;
    return start >= 0 ? bm.lowerBoundFrom(q.id, lo, start) : bm.lowerBound(q.id, lo);
  }


  /**
   * Block score: for every chunk, BM25 of the window of chunks around it (same transcript), using the
   * whole corpus's IDF. Accumulates into `blockAcc` for chunks near any matching passage (with
   * `onlyTouched`, only into blocks an earlier call reached).
   */
  private blockScores(terms: QueryTerm[], pFrom: number, pTo: number, s: QueryScratch, onlyTouched = false): void {
    const bm = this.bm25;
    const k1p = bm.k1 + 1;
    const chunkTf = s.chunkTf;
    const touched = s.chunkTouched.data;
    for (const q of terms) {
      const start = pFrom > 0 ? bm.lowerBound(q.id, pFrom) : bm.offsets[q.id]!;
      if (start < 0) continue;
      const n = this.chunkFrequencies(q, start, pTo, s);
      this.addBlockScores(bm.idf[q.id]! * q.weight, k1p, n, s, onlyTouched);
      for (let i = 0; i < n; i++) chunkTf[touched[i]!] = 0;
    }
  }

  /**
   * Term `q`'s frequency per chunk (`s.chunkTf`) from its postings `start` up to passage `to`, and the chunks
   * it is in (`s.chunkTouched`, returned: how many). Postings are in passage order and chunks follow passages,
   * so the touched chunks come out in ascending order. The caller clears `chunkTf` after.
   */
  private chunkFrequencies(q: QueryTerm, start: number, to: number, s: QueryScratch): number {
    const { docs, tfs, offsets } = this.bm25;
    const pChunk = this.data.pChunk;
    const { chunkTf } = s;
    const touched = s.chunkTouched.data;
    let n = 0;
    const end = offsets[q.id + 1]!;
    for (let k = start; k < end; k++) {
      const d = docs[k]!;
      if (d >= to) break;
      const c = pChunk[d]!;
      if (chunkTf[c] === 0) touched[n++] = c;
      chunkTf[c]! += tfs[k]!;
    }
    return n;
  }

  /**
   * Adds one term's block score to every block holding one of the `n` touched chunks (`s.chunkTouched`, with
   * their term frequencies in `s.chunkTf`), each once, in ascending order: a chunk is in the block of chunk w
   * exactly when w is in the chunk's own block (same transcript, within blockRadius). The block's term
   * frequency slides along consecutive blocks of a transcript (whole numbers: exact).
   */
  private addBlockScores(idf: number, k1p: number, n: number, s: QueryScratch, onlyTouched: boolean): void {
    const { blockLo, blockHi, blockNorm } = this.data;
    const chunkTf = s.chunkTf;
    const touched = s.chunkTouched.data;
    const blockAcc = s.blockAcc;
    const blockTouched = s.blockTouched;
    let next = 0;
    let tf = 0;
    let lo = 0;
    let hi = -1;
    for (let i = 0; i < n; i++) {
      const c = touched[i]!;
      const wEnd = blockHi[c]!;
      for (let w = Math.max(blockLo[c]!, next); w <= wEnd; w++) {
        const wLo = blockLo[w]!;
        const wHi = blockHi[w]!;
        if (wLo >= lo && wLo <= hi + 1 && wHi >= hi) {
          for (let j = lo; j < wLo; j++) tf -= chunkTf[j]!;
          for (let j = hi + 1; j <= wHi; j++) tf += chunkTf[j]!;
        } else {
          tf = 0;
          for (let j = wLo; j <= wHi; j++) tf += chunkTf[j]!;
        }
        lo = wLo;
        hi = wHi;
        if (blockAcc[w] === 0) {
          // A late (deferred) term adds only to blocks an earlier term reached.
          if (onlyTouched) continue;
          blockTouched.data[blockTouched.length++] = w;
        }
        blockAcc[w]! += saturated(idf, tf, k1p, blockNorm[w]!);
      }
      if (wEnd >= next) next = wEnd + 1;
    }
  }

  /** Adds passages containing a phrase made only of stopwords (no postings) by scanning the scope. */
  private phraseOnlyCandidates(phrases: number[][], pFrom: number, pTo: number, s: QueryScratch): void {
    for (let p = pFrom; p < pTo; p++) {
      if (s.mask[p] === 0 && phrases.every((ph) => this.passageHasPhrase(p, ph))) {
        s.touched.data[s.touched.length++] = p;
        s.mask[p] = 1 << 30;
        s.acc[p] = 1;
      }
    }
  }

  /**
   * Whether passage `p` says `phrase` (term ids in order, fillers and immediate repeats allowed between its
   * words: {@link phraseEndAt}); a phrase starts in the passage and may run over into the next passage of its transcript.
   */
  passageHasPhrase(p: number, phrase: number[]): boolean {
    const { pTokStart, pTokEnd, tokBase, pTranscript, tokTerm } = this.data;
    const from = pTokStart[p]!;
    const to = pTokEnd[p]!;
    const limit = tokBase[pTranscript[p]! + 1]!;
    this.fillers ??= fillerTermIds(this.data.termIds);
    for (let k = from; k < to; k++) {
      if (tokTerm[k] === phrase[0] && phraseEndAt(tokTerm, k, limit, phrase, this.fillers) >= 0) return true;
    }
    return false;
  }

  /**
   * Adds `semantic x cosine(query, block) x best score` to the best `semanticDepth` candidates (sorted, best
   * first) and re-sorts them; candidates below keep their order (they rank below anyway).
   */
  private semanticRerank(terms: QueryTerm[], out: Ranked[]): void {
    const semantics = this.data.semantics!;
    const q = semantics.queryVector(terms);
    const n = Math.min(out.length, this.weights.semanticDepth);
    const scale = this.weights.semantic * Math.max(0, out[0]!.score);
    for (let i = 0; i < n; i++) {
      const c = out[i]!;
      c.score += scale * semantics.blockCosine(q, this.data.pChunk[c.id]!, this.weights.blockRadius);
    }
    const head = out.slice(0, n).sort((a, b) => b.score - a.score || a.id - b.id);
    for (let i = 0; i < n; i++) out[i] = head[i]!;
  }

  /** Adds the opening/closing prior ({@link RankWeights.position}) to every candidate and re-sorts. */
  private positionPrior(position: PositionIntent, out: Ranked[]): void {
    const { pTranscript, pBase } = this.data;
    const scale = this.weights.position * Math.max(0, out[0]!.score);
    const span = Math.max(1e-6, this.weights.positionSpan);
    for (const c of out) {
      const t = pTranscript[c.id]!;
      const n = pBase[t + 1]! - pBase[t]!;
      const at = (c.id - pBase[t]! + 0.5) / n; // 0..1 through the transcript
      const from = position === 'opening' ? at : 1 - at;
      if (from < span) c.score += scale * (1 - from / span);
    }
    out.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** The passages of a one-transcript scope's opening or closing span, in reading order (scored 1 down to 0). */
  edgePassages(scope: Scope, position: PositionIntent, speakerFilter: number): Ranked[] {
    const n = scope.pTo - scope.pFrom;
    const k = Math.min(n, Math.max(1, Math.ceil(n * this.weights.positionSpan)));
    const out: Ranked[] = [];
    for (let i = 0; i < k; i++) {
      const p = position === 'opening' ? scope.pFrom + i : scope.pTo - k + i;
      if (speakerFilter >= 0 && this.data.pSpeaker[p] !== speakerFilter) continue;
      out.push({ id: p, score: 1 - i / k });
    }
    return out;
  }

  /** Query terms widened to content terms whose stem starts like theirs (at most `widen.perWord` per term, most common first). */
  widen(terms: QueryTerm[]): QueryTerm[] {
    const { stemOf, stemsSorted, termIds, termIsStop } = this.data;
    const { minStem, dropLetters, perWord } = this.params.widen;
    const out: QueryTerm[] = [];
    for (const q of terms) {
      const s = stemOf[q.id]!;
      if (s.length < minStem) continue;
      const prefix = s.slice(0, Math.max(minStem, s.length - dropLetters));
      const [start, end] = prefixRange(stemsSorted, prefix);
      const found: number[] = [];
      for (let i = start; i < end; i++) {
        const id = termIds.get(stemsSorted[i]!)!;
        if (id !== q.id && !termIsStop[id] && this.bm25.df(id) > 0) found.push(id);
      }
      found.sort((a, b) => this.bm25.df(b) - this.bm25.df(a));
      for (const id of found.slice(0, perWord)) {
        if (out.length < MAX_TERMS && !out.some((o) => o.id === id)) out.push({ id, weight: q.weight * this.weights.widened, local: q.local, word: q.word });
      }
    }
    return out;
  }
}

/**
 * Proximity bonus of one passage: for each pair of consecutive query-term occurrences of *different* terms,
 * the smaller of their weights divided by their distance in words. `positions` and `bits` list the
 * occurrences in text order; `weights[bit]` is the term's weight (IDF x query weight).
 */
export function proximityBonus(positions: ArrayLike<number>, bits: ArrayLike<number>, count: number, weights: ArrayLike<number>): number {
  let bonus = 0;
  for (let i = 1; i < count; i++) {
    const a = bits[i - 1]!;
    const b = bits[i]!;
    if (a === b) continue;
    const gap = positions[i]! - positions[i - 1]!;
    bonus += Math.min(weights[a]!, weights[b]!) / Math.max(1, gap);
  }
  return bonus;
}

/**
 * A fixed-capacity min-heap keeping the `capacity` best (score, id) pairs: higher score first, and among equal
 * scores the lower id. Which pairs it keeps does not depend on the order they were pushed in, so a ranking
 * that visits candidates in another order (the pruned one, `rankPruned`) keeps the same ones.
 */
export class TopK {
  readonly ids: Int32Array;
  readonly scores: Float64Array;
  size = 0;
  constructor(readonly capacity: number) {
    this.ids = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }
  clear(): void {
    this.size = 0;
  }
  /** The lowest score kept once the heap is full (-Infinity before). */
  floor(): number {
    return this.size >= this.capacity && this.capacity > 0 ? this.scores[0]! : -Infinity;
  }
  push(id: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(score, id, this.scores[parent]!, this.ids[parent]!)) break;
        this.scores[i] = this.scores[parent]!;
        this.ids[i] = this.ids[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.ids[i] = id;
    } else if (worse(this.scores[0]!, this.ids[0]!, score, id)) {
      let i = 0;
      const n = this.size;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && worse(this.scores[r]!, this.ids[r]!, this.scores[l]!, this.ids[l]!) ? r : l;
        if (!worse(this.scores[c]!, this.ids[c]!, score, id)) break;
        this.scores[i] = this.scores[c]!;
        this.ids[i] = this.ids[c]!;
        i = c;
      }
      this.scores[i] = score;
      this.ids[i] = id;
    }
  }
  /** The kept pairs, best first (ties: lower id first). */
  sorted(): Array<{ id: number; score: number }> {
    const out: Array<{ id: number; score: number }> = [];
    for (let i = 0; i < this.size; i++) out.push({ id: this.ids[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }
}

/** Whether pair (sa, ia) ranks below pair (sb, ib): a lower score, or the same score and a higher id. */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

/** The counts of a pruned ranking in two halves (`floor`: of the heap holding both; `threads`: how many ran them). */
function bothHalves(a: HelperStats, b: HelperStats, floor: number, threads: number): NonNullable<Ranker['lastPruned']> {
  return { listed: a.listed + b.listed, scored: a.scored + b.scored, blocks: a.blocks + b.blocks, floor, threads };
}

/** Where a query term's postings start in a transcript, as a pruned ranking's queue found them (-1: none there); a term's place in the query is in `s.termBit`. */
function startsIn(queue: TranscriptQueue, s: QueryScratch): (q: QueryTerm, t: number) => number {
  return (q, t) => queue.start(s.termBit[q.id]!, t);
}
