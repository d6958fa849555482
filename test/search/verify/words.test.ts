import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import { storedText } from '../../../src/corpus/text.ts';
import type { Transcript } from '../../../src/corpus/types.ts';
import { anchorWindows, corpusAnchorWindows } from '../../../src/search/verify/anchors.ts';
import { tokenize } from '../../../src/search/verify/align.ts';
import { buildWords, transcriptWords, wordId, wordOf } from '../../../src/search/verify/words.ts';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const bridges = JSON.parse(readFileSync(here('../../fixtures/verify/bridges.transcript.json'), 'utf8')) as Transcript;

/** The layout this replaces: token objects and a Map of word -> positions, in first-occurrence order. */
function naive(text: string): { tokens: ReturnType<typeof tokenize>; positions: Map<string, number[]> } {
  const tokens = tokenize(text);
  const positions = new Map<string, number[]>();
  tokens.forEach((t, i) => {
    const list = positions.get(t.norm);
    if (list) list.push(i);
    else positions.set(t.norm, [i]);
  });
  return { tokens, positions };
}

/** Checks every token, every word's positions and the word order against the naive layout. */
function expectSameAsNaive(text: string): void {
  const words = buildWords(text);
  const { tokens, positions } = naive(text);
  expect(words.length).toBe(tokens.length);
  expect(words.length).toBeGreaterThan(0);
  const compact = Array.from({ length: words.length }, (_, i) => [words.norm(i), words.start(i), words.end(i)]);
  expect(compact).toEqual(tokens.map((t) => [t.norm, t.start, t.end]));
  expect(words.norm(-1)).toBeUndefined();
  expect(words.norm(tokens.length)).toBeUndefined();
  expect(words.tokens).toEqual(tokens);
  expect(words.slice(3, 9)).toEqual(tokens.slice(3, 9));
  expect(words.slice(tokens.length - 2, tokens.length + 5)).toEqual(tokens.slice(tokens.length - 2));
  expect([...words.counts()]).toEqual([...positions].map(([w, list]) => [w, list.length]));
  expect(words.distinct).toBe(positions.size);
  const lists = [...positions.keys()].map((word) => words.has(word) && Array.from(words.positions(word)!));
  expect(lists).toEqual([...positions.values()]);
}

describe('clean verbatim on the first verify of a process', () => {
  it('finds a claim whose words the dictionary learns only while verifying', async () => {
    // Fresh modules: no transcript has been tokenised, the word dictionary is empty.
    vi.resetModules();
    const { loadCorpus: load } = await import('../../../src/corpus/load.ts');
    const { buildIndex } = await import('../../../src/search/index.ts');
    const index = buildIndex(await load(here('../../../transcripts')));
    // Said as "the gpus appeared in our in our lab": verbatim once the repeat is left out.
    expect(index.verify('the gpus appeared in our lab').verdict).toBe('verbatim');
  });
});

describe('transcriptWords: the compact word table', () => {
  let bundled: Transcript[];
  beforeAll(async () => {
    bundled = (await loadCorpus(here('../../../transcripts'))).transcripts;
  });

  it('holds the same tokens and positions as a naive scan, on the bundled transcript and a fixture', () => {
    expectSameAsNaive(storedText(bundled[0]!).text);
    expectSameAsNaive(storedText(bridges).text);
  });

  it('handles contractions (two tokens, one source word), numbers and repeats', () => {
    expectSameAsNaive("It's 2 GPUs, it's 2,000 GPUs! Don't, don't stop. The the the end");
    const words = buildWords("It's 2 GPUs, it's");
    expect(words.slice(0, 4).map((t) => t.norm)).toEqual(['it', 'is', 'two', 'gpus']);
    expect(Array.from(words.positions('it')!)).toEqual([0, 4]);
    expect(words.positions('gpu')).toBeUndefined();
    expect(words.has('gpu')).toBe(false);
  });

  it('keeps every gap and length exact: none, one, two and wider gaps, words of 62 to 64 characters, across marks', () => {
    // Gaps other than 1 and 2 characters ("50%": none; runs of spaces and marks) and lengths from 63 on are
    // kept beside the packed byte; every 32nd token is kept whole.
    const pieces = ['50%', 'a  b', 'c   d', 'e ... f', "it's", 'g,h', `${'q'.repeat(62)} ${'r'.repeat(63)} ${'s'.repeat(64)}`, '7 %', 'x\n\n\n\ny'];
    expectSameAsNaive(Array.from({ length: 40 }, (_, i) => `${pieces[i % pieces.length]}${i % 3 ? ' ' : '  '}`).join(''));
    expectSameAsNaive(Array.from({ length: 40 }, (_, i) => pieces[(i * 7) % pieces.length]).join(' '));
  });

  it('keeps words of 255+ characters and transcripts of more than 65,536 tokens exact', () => {
    expectSameAsNaive(`short ${'x'.repeat(254)} ${'y'.repeat(255)} ${'z'.repeat(300)} ${'y'.repeat(255)} end`);
    const many = Array.from({ length: 70_000 }, (_, i) => `w${i % 997} and`).join(' ');
    expectSameAsNaive(many);
    expect(Array.from(buildWords(many).positions('w5')!).at(-1)).toBeGreaterThan(0x10000);
  });

  it('reads a block whose first token is the second of a source word ("it\'s" across tokens 31 and 32)', () => {
    const words = Array.from({ length: 31 }, (_, i) => `w${i}`).join(' ');
    expectSameAsNaive(`${words} it's here, don't stop ${words} it's`);
    // Curly apostrophes, a word of marks only (no token), accents and a non-Latin word, across blocks.
    expectSameAsNaive(Array.from({ length: 12 }, (_, i) => `it’s ${'\u0301'} café ${i}% we’ll naïve δ don\u02bct w${i}`).join(' '));
    // Read the second block before the first (nothing cached from the first).
    const table = buildWords(`${words} it's here`);
    expect([table.norm(32), table.start(32), table.end(32)]).toEqual(['is', words.length + 1, words.length + 5]);
    expect(table.token(31)).toEqual({ norm: 'it', start: words.length + 1, end: words.length + 5 });
  });

  it('finds the first token starting from, and ending after, every character as a binary search of all tokens does', () => {
    const words = Array.from({ length: 31 }, (_, i) => `w${i}`).join(' ');
    const texts = [`${words} it's here, don't stop ${words} it's`, `${words}  it’s. ${words} 2,000 we’ll`, storedText(bundled[0]!).text.slice(0, 3000), 'one', ''];
    for (const text of texts) {
      const table = buildWords(text);
      const tokens = tokenize(text);
      const first = (past: (t: (typeof tokens)[number]) => boolean): number => {
        const i = tokens.findIndex(past);
        return i < 0 ? tokens.length : i;
      };
      const got: number[][] = [];
      const want: number[][] = [];
      for (let c = -1; c <= text.length + 1; c++) {
        got.push([c, table.firstStartingFrom(c), table.firstEndingAfter(c)]);
        want.push([c, first((t) => t.start >= c), first((t) => t.end > c)]);
      }
      expect(got).toEqual(want);
    }
  });

  it('keeps the ranges of tables read in turn apart (the same block of two tables)', () => {
    const a = `${'alpha '.repeat(40)}omega`;
    const b = `${'be '.repeat(40)}zeta`;
    const [ta, tb] = [buildWords(a), buildWords(b)];
    const read = (): number[] => [ta.start(40), tb.start(40), ta.end(40), tb.end(40)];
    expect(read()).toEqual([a.indexOf('omega'), b.indexOf('zeta'), a.length, b.length]);
    expect(read()).toEqual([a.indexOf('omega'), b.indexOf('zeta'), a.length, b.length]);
  });

  it('refuses to read ranges from a text other than its own', () => {
    const table = buildWords('one two three');
    table.readTextFrom(() => 'one six three');
    expect(() => table.start(1)).toThrow(/does not match its text/);
    table.readTextFrom(() => 'one two');
    expect(() => table.start(2)).toThrow(/does not match its text/);
  });

  it('refuses a text whose words differ after their first letter, or in a number', () => {
    for (const other of ['one ten three 42 four', 'one two three 4242 four', 'one two three 7 four']) {
      const table = buildWords('one two three 42 four');
      table.readTextFrom(() => other);
      expect(() => table.end(4), other).toThrow(/does not match its text/);
    }
    const same = buildWords('One TWO three 2 four');
    expect([same.start(3), same.end(4)]).toEqual([14, 20]); // case and a number said in digits ("2" is "two") pass
  });

  it('leaves no other table\'s ranges wrong after a read that fails part way (the same cache line)', () => {
    const textA = Array.from({ length: 200 }, (_, i) => `alpha${i}`).join(' ');
    const a = buildWords(textA);
    const good = [a.start(45), a.end(45)];
    expect(good).toEqual([textA.indexOf('alpha45'), textA.indexOf('alpha45') + 'alpha45'.length]);
    const wordsB = Array.from({ length: 200 }, (_, i) => `b${i}`);
    const b = buildWords(wordsB.join('   '));
    const changed = [...wordsB];
    changed[50] = 'zzz';
    b.readTextFrom(() => changed.join('   '));
    expect(() => b.start(40)).toThrow(/does not match its text/);
    expect([a.start(45), a.end(45)]).toEqual(good);
  });

  it('reads its text again after a read that failed (a wrong text is not kept as its last, nor handed on)', () => {
    const good = 'one two three';
    const table = buildWords(good);
    let reads = 0;
    table.readTextFrom(() => (reads++ === 0 ? 'one six three' : good));
    expect(() => table.start(1)).toThrow(/does not match its text/);
    expect(table.start(1)).toBe(4);
    expect(table.sourceText()).toBe(good);
    expect(reads).toBe(2);
  });

  it('answers for words no text said, and words said only elsewhere', () => {
    const words = buildWords('alpha beta');
    buildWords('gamma delta');
    expect(words.positions('gamma')).toBeUndefined();
    expect(words.positions('never-said-anywhere')).toBeUndefined();
    expect(wordId('never-said-anywhere')).toBe(-1);
    expect(wordOf(wordId('gamma'))).toBe('gamma');
    expect(Array.from(buildWords('').counts())).toEqual([]);
  });

  it('is cached per transcript', () => {
    expect(transcriptWords(bridges)).toBe(transcriptWords(bridges));
  });

  it('finds the same anchor windows through the corpus postings as per transcript', () => {
    const transcripts = [bundled[0]!, bridges];
    for (const claim of ['a bridge is just a promise that the river will keep its distance', 'deep and large neural networks', 'the the the']) {
      const tokens = tokenize(claim);
      const perTranscript = transcripts.flatMap((transcript) => anchorWindows(transcript, tokens, 3).map((w) => ({ transcript, ...w })));
      expect(corpusAnchorWindows(transcripts, tokens, 3)).toEqual(perTranscript);
      expect(perTranscript.length).toBeGreaterThan(0);
    }
  });
});
