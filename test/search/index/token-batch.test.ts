import { describe, expect, it } from 'vitest';
import { storedText } from '../../../src/corpus/text.ts';
import { BatchTokenizer } from '../../../src/search/index/token-batch.ts';
import { normalizeWord, TOKEN_PATTERN } from '../../../src/search/text/tokenize.ts';
import { transcript } from '../helpers.ts';

/** Token offsets as TOKEN_PATTERN finds them in the stored text (but matches that normalise to nothing, e.g. a lone accent). */
function expected(text: string): Array<[number, number]> {
  return [...text.matchAll(new RegExp(TOKEN_PATTERN.source, 'gu'))].filter((m) => normalizeWord(m[0]) !== '').map((m) => [m.index, m.index + m[0].length]);
}

describe('BatchTokenizer', () => {
  // ASCII cues are read by char codes, others by the pattern: both must find the pattern's tokens.
  const alphabet = "ab Z9'’.,-_ é\u0301x\t'";
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cueTexts = [
    "it's rock'n'roll, isn't it? 'quoted' don''t 9'o x' 'y", 'rock’n’roll ’tis café naïve', "a_b c-d e.f 3.14 O'Neil's", '',
    ...Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('').trim()),
  ].filter((t) => t.length > 0);

  it('finds the tokens TOKEN_PATTERN finds, in ASCII and other text', () => {
    const t = transcript('t', cueTexts.map((text, i) => ({ text, start: i, end: i + 1 })));
    const batch = new BatchTokenizer(0, 1.5).tokenize([t], [0]);
    const got = Array.from(batch.starts, (s, k): [number, number] => [s, batch.ends[k]!]);
    expect(got).toEqual(expected(storedText(t).text));
    expect(got.length).toBeGreaterThan(300);
  });
});
