/**
 * src/search/text/acronym-spelling.ts: the scan's quick check (nextRunStart, over the word kinds' typed
 * tables) never rejects a token where spellRun reads a run, and the two agree exactly on which words may
 * start a run and which may link its words, for every kind of word (linking words, other stopwords, words
 * that look like either, one-letter words, digits, contractions).
 */
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../../src/corpus/types.ts';
import { transcriptWords } from '../../../src/search/verify/anchors.ts';
import type { WordIds } from '../../../src/search/verify/words.ts';
import { BREAKS, LINKS, nextRunStart, runWordKind, SPELLS, spellRun, WordKinds } from '../../../src/search/text/acronym-spelling.ts';

/** Whether the scan's check lets a run spelling `key` start at token `i` (its next start from `i` is `i`). */
function mayStartRun(kinds: WordKinds, ids: WordIds, i: number, key: string): boolean {
  return nextRunStart(kinds, ids, i, key) === i;
}

let made = 0;
/** verify's word table of a transcript saying `text` in one cue. */
function wordsOf(text: string) {
  const id = `spell-${made++}`;
  return transcriptWords({ file: `${id}.srt`, format: 'srt', approximate: false, meta: { id, title: id }, cues: [{ start: 0, end: 4, text }], warnings: [] } as unknown as Transcript);
}

/** Words of every kind: all that link today, other stopwords, and words near them. */
const WORDS = [
  'of', 'for', 'from', 'with', 'and', 'in', 'on', 'to', 'by', 'over', 'through', 'via',
  'the', 'a', 'an', 'is', 'are', 'each', 'into', 'onto', 'per', 'or', 'but', 'at', 'as', 'about', 'under', 'between', 'i', 'um', 'x',
  'network', 'neural', 'zeta', 'versus', 'across', 'inside', 'ofs', 'forward', '3d', '42', 'newtons',
];
const said = new Set(WORDS);

describe('runWordKind', () => {
  it('tells words that spell, link and break a run', () => {
    expect(runWordKind('network')).toBe(SPELLS);
    expect(runWordKind('from')).toBe(LINKS);
    expect(runWordKind('are')).toBe(BREAKS);
    const kinds = new Set(WORDS.map(runWordKind));
    expect([...kinds].sort()).toEqual([SPELLS, LINKS, BREAKS].sort());
  });
});

describe('the scan\'s check and spellRun agree', () => {
  it('on which words may start a run ("W zeta" spelling W\'s initial and z)', () => {
    const starts = new Set<boolean>();
    for (const w of WORDS) {
      const words = wordsOf(`${w} zeta`);
      const key = `${w[0]}z`;
      const spelled = spellRun(words, 0, key, said) !== undefined;
      expect({ w, check: mayStartRun(new WordKinds(), words.ids, 0, key) }).toEqual({ w, check: spelled });
      starts.add(spelled);
    }
    expect([...starts].sort()).toEqual([false, true]);
    expect(spellRun(wordsOf('network zeta'), 0, 'nz', said)).toEqual(['network', 'zeta']);
  });

  it('on which words may stand between two that spell ("neural W W zeta" spelling nz)', () => {
    let linked = 0;
    let broken = 0;
    for (const w of WORDS) {
      for (const text of [`neural ${w} zeta`, `neural ${w} ${w} zeta`]) {
        const words = wordsOf(text);
        const spelled = spellRun(words, 0, 'nz', said) !== undefined;
        expect({ text, check: mayStartRun(new WordKinds(), words.ids, 0, 'nz') }).toEqual({ text, check: spelled });
        if (spelled) linked++;
        else broken++;
      }
    }
    expect(linked).toBeGreaterThan(0);
    expect(broken).toBeGreaterThan(0);
  });

  it('the check passes wherever spellRun reads a run, in mixed sentences and for every key', () => {
    // A fixed pseudo-random sequence of words of every kind, plus a word that spells two letters.
    const vocabulary = [...WORDS, 'multilayer', 'multi', 'layer', 'perceptron', 'learning', 'light', 'zero'];
    const saidHere = new Set(vocabulary);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % vocabulary.length;
    const text = Array.from({ length: 3000 }, next).map((k) => vocabulary[k]).join(' ') + ' multilayer perceptron';
    const words = wordsOf(text);
    const kinds = new WordKinds();
    const initials = [...new Set(vocabulary.map((w) => w[0]!))];
    let runs = 0;
    for (const a of initials) {
      for (const b of initials) {
        for (const key of [a + b, a + b + 'p', `${a}l${b}`]) {
          for (let i = 0; i < words.length; i++) {
            if (!spellRun(words, i, key, saidHere)) continue;
            runs++;
            if (!mayStartRun(kinds, words.ids, i, key)) expect.fail(`the check misses the run of ${key} at token ${i}: ${spellRun(words, i, key, saidHere)!.join(' ')}`);
          }
        }
      }
    }
    expect(runs).toBeGreaterThan(100);
    expect(spellRun(words, words.length - 2, 'mlp', saidHere)).toEqual(['multilayer', 'perceptron']);
  });
});

describe('WordKinds', () => {
  it('gives each word id its runWordKind and initial', () => {
    const words = wordsOf('the network of neural um');
    const kinds = new WordKinds();
    const ids = [...words.ids];
    expect(ids.map((id) => kinds.kind(id))).toEqual(['the', 'network', 'of', 'neural', 'um'].map(runWordKind));
    expect(ids.map((id) => String.fromCharCode(kinds.initial(id)))).toEqual(['t', 'n', 'o', 'n', 'u']);
  });
});
