/**
 * Query words -> the index terms searched for them. For each topic word, in this order:
 * 1. its own stem, when the transcripts say it (plus, at a low weight, the WordNet synonyms they say, and
 *    the word's two parts when the captions mostly say it as two words: "openai" / "open AI");
 * 2. for a word nobody says: its WordNet synonyms that are said (a word WordNet knows is no typo);
 * 3. a compound said as two words ("pretraining" / "pre-training"; {@link attestedCompound});
 * 4. a typo correction (one edit for an everyday word, more for a rare one), reported in `corrected`;
 * 5. sub-words and caption look-alikes of a rare word (names garbled by auto-captions: "imagenet" ~ "imet").
 * Context words ("when discussing Y") go through the same steps at the `context` weight, as block-only terms.
 *
 * @example
 * resolveQueryTerms(parseQuery('pretraining'), response, context)
 * // [{ id: <pre>, weight: 1, local: true, word: 0 }, { id: <train>, weight: 1, local: true, word: 0 }]
 */
import { SEARCH_DEFAULTS } from '../params.ts';
import type { Bm25Index } from '../index/bm25.ts';
import { attestedCompound, type TokenView } from '../text/compounds.ts';
import type { ParsedQuery } from './query.ts';
import type { RankWeights } from '../ranking/rank.ts';
import { generalRank } from './relevance.ts';
import { stem } from '../text/stem.ts';
import { synonyms } from '../text/synonyms.ts';
import type { SearchResponse } from '../types.ts';
import { editDistance, type Vocabulary } from '../text/vocabulary.ts';

/** One query term as searched. */
export interface QueryTerm {
  id: number;
  weight: number;
  /** Whether the term counts for the passage score (else only for the block score). */
  local: boolean;
  /** Index of the query word it stands for in `parsed.words` (-1 for a context word). */
  word: number;
  /** Whether it is only a WordNet synonym of a query word (not a query word itself, nor its correction). */
  synonym?: boolean;
}

/** Most terms searched per query: {@link QueryParams.maxTerms}. */
export const MAX_TERMS = SEARCH_DEFAULTS.query.maxTerms;

/** Common words are never matched to caption look-alikes: {@link QueryParams.garbleMinRank}. */
export const GARBLE_MIN_RANK = SEARCH_DEFAULTS.query.garbleMinRank;

/** What resolution reads from the index. */
export interface ResolveContext extends TokenView {
  bm25: Pick<Bm25Index, 'df' | 'offsets' | 'docs' | 'numDocs'>;
  vocabulary: Vocabulary;
  rank: Pick<RankWeights, 'synonyms' | 'synonymMinRank' | 'synonymMaxDocShare' | 'corrected' | 'subword' | 'context'>;
}

/**
 * The terms searched for a parsed query. Fills `response.terms` (the words searched, as shown to users)
 * and `response.corrected` (typo corrections).
 */
export function resolveQueryTerms(parsed: ParsedQuery, response: SearchResponse, ctx: ResolveContext): QueryTerm[] {
  const terms = new TermResolver(response, ctx);
  parsed.words.forEach((w, i) => terms.resolve(w, 1, true, i));
  for (const w of parsed.context) terms.resolve(w, ctx.rank.context, false, -1);
  return terms.out;
}

/** One query's resolution: the terms found so far, and the query word being resolved. */
class TermResolver {
  readonly out: QueryTerm[] = [];
  private wordAt = -1;

  constructor(
    private readonly response: SearchResponse,
    private readonly ctx: ResolveContext,
  ) {}

  /** Adds the terms for `word` (query word `wordAt`, -1 for a context word) at `weight`. */
  resolve(word: string, weight: number, local: boolean, wordAt: number): void {
    this.wordAt = wordAt;
    const { termIds, bm25, rank } = this.ctx;
    const id = termIds.get(stem(word));
    if (id !== undefined && bm25.df(id) > 0) {
      this.add(id, weight, local);
      this.response.terms.push(word);
      if (rank.synonyms > 0) this.addSynonyms(word, weight, local, id);
      // Also said as two words that mostly go together ("openai" once, "open AI" eight times): the two
      // count too, weighted by how much of the rarer one's use is this pair ("set up" is not "setup").
      const split = attestedCompound(word, this.ctx, bm25.df(id));
      if (split && split.count > bm25.df(id)) this.addParts(split.parts, weight * split.strength, local);
      return;
    }
    if (rank.synonyms > 0 && this.addSynonyms(word, weight, local, -1)) return;
    // A compound the captions write as two words: this comes before typo correction, which would turn
    // "pretraining" into "training".
    const compound = attestedCompound(word, this.ctx);
    if (compound) {
      this.addParts(compound.parts, weight, local);
      return;
    }
    // An everyday English word is no typo of another word two letters away ("fruit" is not "fit"); one
    // letter away it is often a spelling variant ("colour", "color").
    const common = generalRank(word) <= GARBLE_MIN_RANK;
    if (!this.addCorrection(word, weight, local, common)) this.addSubwords(word, weight, local, common);
  }

  private add(id: number, weight: number, local: boolean, synonym = false): void {
    const existing = this.out.find((q) => q.id === id);
    if (existing) {
      existing.weight = Math.max(existing.weight, weight);
      existing.local ||= local;
      existing.synonym &&= synonym;
      if (existing.word < 0) existing.word = this.wordAt;
    } else if (this.out.length < MAX_TERMS) this.out.push({ id, weight, local, word: this.wordAt, synonym });
  }

  private addParts(parts: readonly string[], weight: number, local: boolean): void {
    for (const part of parts) {
      this.response.terms.push(part);
      this.add(this.ctx.termIds.get(stem(part))!, weight, local);
    }
  }

  /** WordNet synonyms the corpus says, at a low weight ({@link RankWeights.synonyms}); whether any was added. */
  private addSynonyms(word: string, weight: number, local: boolean, own: number): boolean {
    const { termIds, termIsStop, bm25, rank } = this.ctx;
    let any = false;
    if (rank.synonymMinRank > 0 && generalRank(word) <= rank.synonymMinRank) return false;
    for (const syn of synonyms(word)) {
      const sid = termIds.get(stem(syn));
      if (sid === undefined || sid === own || termIsStop[sid] || bm25.df(sid) === 0) continue;
      if (bm25.df(sid) > rank.synonymMaxDocShare * bm25.numDocs) continue;
      this.add(sid, weight * rank.synonyms, local, true);
      any = true;
    }
    return any;
  }

  /** The vocabulary's typo correction of `word`, if it is one the index has; whether it was added. */
  private addCorrection(word: string, weight: number, local: boolean, common: boolean): boolean {
    const { termIds, bm25, vocabulary, rank } = this.ctx;
    const fixed = vocabulary.correct(word);
    if (fixed === undefined || (common && editDistance(word, fixed, 1) > 1)) return false;
    const fid = termIds.get(stem(fixed));
    if (fid === undefined || bm25.df(fid) === 0) return false;
    this.response.corrected[word] = fixed;
    this.response.terms.push(fixed);
    this.add(fid, weight * rank.corrected, local);
    return true;
  }

  /**
   * Sub-words: the vocabulary words it is made of, and, for words rarer than everyday English, words
   * spelled much like it (auto-caption garblings of names: "imagenet" ~ "imet"; "bananas" said nowhere is
   * no garbled "basian").
   */
  private addSubwords(word: string, weight: number, local: boolean, common: boolean): void {
    const { termIds, bm25, vocabulary, rank } = this.ctx;
    const matches = new Map<string, number>();
    for (const part of vocabulary.parts(word)) matches.set(part, 0.6);
    const lookAlikes = common ? [] : vocabulary.resembling(word);
    for (const [similar, dice] of lookAlikes) matches.set(similar, Math.max(matches.get(similar) ?? 0, dice));
    for (const [part, strength] of matches) {
      const pid = termIds.get(stem(part));
      if (pid !== undefined && bm25.df(pid) > 0) {
        this.response.terms.push(part);
        this.add(pid, weight * rank.subword * strength, local);
      }
    }
  }
}
