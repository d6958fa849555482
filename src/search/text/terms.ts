/**
 * Multi-word terms: frequent two-word phrases of the corpus ("neural network", "scaling laws",
 * "remote control"), learned at index time, for topic autocomplete.
 *
 * Counting every bigram of a 9M-word corpus in a Map would cost hundreds of MB, so counting is two-pass:
 * a fixed-size hashed count table (a count sketch, which can only over-count) screens candidates, and only
 * bigrams passing it are counted exactly.
 *
 * @example
 * terms.withPrefix('neural', 5) // ['neural network', 'neural networks', 'neural net']
 */
import type { StoredText } from '../../corpus/text.ts';
import { drain } from '../index/bounds.ts';
import type { TokenPlaces } from '../index/offsets.ts';
import { Break } from '../index/passages.ts';
import { normalizeWord } from './tokenize.ts';
import { prefixRange } from './sorted.ts';

/** A bigram must occur this often to be a term (2 in corpora under 100k words, where repeats are rarer). */
const minCount = (words: number): number => (words < 100_000 ? 2 : 3);
/**
 * What {@link MultiWordTerms.build} reads: the index's token terms, the stored texts, and the token places
 * (each transcript's breaks, and its token offsets in its stored text: only the first occurrence of each
 * term is looked up, in transcript order).
 */
export interface MultiWordInput {
  tokTerm: Int32Array | Uint16Array;
  termIsStop: Uint8Array;
  stored: StoredText[];
  tokens: Pick<TokenPlaces, 'tokBase' | 'transcripts' | 'of' | 'breaks'>;
}

/**
 * Calls `visit(k, b)` for every token `k` of the corpus but its last (`n` tokens), in order, with `b` the
 * break after it, transcript by transcript; yields after about every `perStep` tokens.
 */
function* eachToken(tokens: MultiWordInput['tokens'], n: number, perStep: number, visit: (k: number, b: number) => void): Generator<void, void> {
  let since = 0;
  for (let t = 0; t < tokens.transcripts; t++) {
    const base = tokens.tokBase[t]!;
    const end = Math.min(tokens.tokBase[t + 1]!, n - 1);
    if (end <= base) continue;
    const breaks = tokens.breaks(t);
    for (let k = base; k < end; k++) visit(k, breaks[k - base]!);
    since += end - base;
    if (since >= perStep) {
      since = 0;
      yield;
    }
  }
}

/** At most this many terms are kept (most frequent). */
const MAX_TERMS = 50_000;

export class MultiWordTerms {
  private constructor(
    /** Terms sorted alphabetically. */
    private readonly sorted: string[],
    private readonly counts: Map<string, number>,
  ) {}

  get size(): number {
    return this.sorted.length;
  }

  /** Builds the term list from the index's token arrays ({@link MultiWordInput}). */
  static build(input: MultiWordInput): MultiWordTerms {
    return drain(MultiWordTerms.steps(input, Infinity));
  }

  /** {@link MultiWordTerms.build} in steps: yields after each `tokensPerStep` tokens of each counting pass. */
  static *steps(input: MultiWordInput, tokensPerStep: number): Generator<void, MultiWordTerms> {
    const { tokTerm, termIsStop, stored, tokens } = input;
    const tokBase = tokens.tokBase;
    const n = tokTerm.length;
    const MIN_COUNT = minCount(n);
    const size = 1 << Math.min(22, Math.max(12, Math.ceil(Math.log2(n + 1))));
    const sketch = new Uint32Array(size);
    const maskBits = size - 1;
    const hash = (a: number, b: number): number => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
    const ok = (k: number, brk: number): boolean => brk < Break.Clause && brk >= Break.None && !termIsStop[tokTerm[k]!] && !termIsStop[tokTerm[k + 1]!];
    yield* eachToken(tokens, n, tokensPerStep, (k, brk) => {
      if (ok(k, brk)) sketch[hash(tokTerm[k]!, tokTerm[k + 1]!) & maskBits]!++;
    });
    const exact = new Map<number, { count: number; at: number }>();
    yield* eachToken(tokens, n, tokensPerStep, (k, brk) => {
      if (!ok(k, brk)) return;
      const a = tokTerm[k]!;
      const b = tokTerm[k + 1]!;
      if (sketch[hash(a, b) & maskBits]! < MIN_COUNT) return;
      const key = a * 16_777_216 + b;
      const e = exact.get(key);
      if (e) e.count++;
      else exact.set(key, { count: 1, at: k });
    });
    // Surface form: the first occurrence's words (normalised), keyed by transcript of that token.
    let t = 0;
    const entries: Array<[string, number]> = [];
    const list = [...exact.values()].filter((e) => e.count >= MIN_COUNT).sort((x, y) => x.at - y.at);
    for (const e of list) {
      while (tokBase[t + 1]! <= e.at) t++;
      const text = stored[t]!.text;
      const { base, starts, ends } = tokens.of(t);
      const w1 = normalizeWord(text.slice(starts[e.at - base]!, ends[e.at - base]!));
      const w2 = normalizeWord(text.slice(starts[e.at + 1 - base]!, ends[e.at + 1 - base]!));
      entries.push([`${w1} ${w2}`, e.count]);
    }
    entries.sort((x, y) => y[1] - x[1]);
    const counts = new Map<string, number>();
    for (const [term, c] of entries.slice(0, MAX_TERMS)) counts.set(term, (counts.get(term) ?? 0) + c);
    return new MultiWordTerms([...counts.keys()].sort(), counts);
  }

  /** Terms starting with `prefix` (normalised words separated by one space), most frequent first. */
  withPrefix(prefix: string, limit = 25): string[] {
    if (!prefix) return [];
    const [start, end] = prefixRange(this.sorted, prefix);
    const out = this.sorted.slice(start, end);
    out.sort((a, b) => this.counts.get(b)! - this.counts.get(a)! || (a < b ? -1 : 1));
    return out.slice(0, limit);
  }
}
