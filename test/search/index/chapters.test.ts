import { describe, expect, it } from 'vitest';
import { ChapterTitles } from '../../../src/search/index/chapters.ts';
import { buildIndex } from '../../../src/search/index.ts';
import type { Transcript } from '../../../src/corpus/types.ts';
import { corpus, transcript } from '../helpers.ts';

/** `n` filler words that no query asks about, distinct per `tag` (so filler cues share no topic words). */
const filler = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => `${tag}${String.fromCharCode(97 + (i % 26))}`).join(' ') + '.';

/**
 * A talk whose "Compression" chapter opens it and says "compression" once, and whose "Wrap-up" chapter
 * mentions it once in passing, with 30 unrelated passages between: on words alone the passing mention ranks
 * first here; the chapter title should turn that around.
 */
function talk(chapters: boolean): Transcript {
  const cues = [
    { text: `Here compression is what we study. ${filler(20, 'core')}` },
    ...Array.from({ length: 30 }, (_, i) => ({ text: filler(40, `pad${i}x`) })),
    { text: `We said a word on compression before. ${filler(34, 'wrap')}` },
    { text: filler(40, 'tail') },
  ];
  const t = transcript('talk1', cues, 'A talk');
  const split = t.cues[30]!.end;
  if (chapters) {
    t.meta.chapters = [
      { title: 'Compression', start: 0, end: split },
      { title: 'Wrap-up', start: split, end: t.meta.duration! },
    ];
  }
  return t;
}

describe('ChapterTitles', () => {
  it('maps passages to their chapter and scores chapters by the query stems their titles have', () => {
    const t = talk(true);
    const other = transcript('plain', [{ text: 'no chapters here' }]);
    // One passage per cue: starts from the cues.
    const starts = [...t.cues.map((c) => c.start), ...other.cues.map((c) => c.start)];
    const pBase = [0, t.cues.length, t.cues.length + 1];
    const titles = ChapterTitles.build([t, other], pBase, starts);
    expect(titles.size).toBe(2);
    expect(titles.chapterOf[0]).toBe(0);
    expect(titles.chapterOf[30]).toBe(0);
    expect(titles.chapterOf[31]).toBe(1);
    expect(titles.chapterOf[t.cues.length]).toBe(-1);
    const scores = titles.score([{ stem: 'compress', weight: 2 }, { stem: 'nowher', weight: 5 }]);
    expect([...scores]).toEqual([2, 0]);
    // Scores are reset between queries.
    expect([...titles.score([{ stem: 'wrap', weight: 1 }])]).toEqual([0, 1]);
  });
});

describe('chapter titles in ranking', () => {
  it('favours the passage inside a chapter named by the query over a passing mention', () => {
    const plain = buildIndex(corpus(talk(false))).search('compression').hits[0]!;
    expect(plain.text).toMatch(/a word on compression before/);
    const withChapters = buildIndex(corpus(talk(true))).search('compression').hits[0]!;
    expect(withChapters.text).toMatch(/compression is what we study/);
    expect(withChapters.chapter).toBe('Compression');
    const off = buildIndex(corpus(talk(true)), { rank: { chapterTitle: 0 } }).search('compression').hits[0]!;
    expect(off.text).toMatch(/a word on compression before/);
  });
});
