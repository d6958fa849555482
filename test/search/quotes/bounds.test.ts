/** Quotes widened to sentence ends (punctuation, speaker turns, pauses in unpunctuated captions), "…" where cut. */
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../src/corpus/load.ts';
import { storedText } from '../../../src/corpus/text.ts';
import type { Transcript } from '../../../src/corpus/types.ts';
import { toQuote } from '../../../src/core/quote.ts';
import { buildIndex } from '../../../src/search/index.ts';
import { SEARCH_DEFAULTS } from '../../../src/search/params.ts';
import { Gap, gapBefore, hasPunctuation, quoteCuts, sentenceBounds } from '../../../src/search/quotes/bounds.ts';
import type { Hit } from '../../../src/search/types.ts';
import { transcriptWords } from '../../../src/search/verify/anchors.ts';

const P = SEARCH_DEFAULTS;
const B = P.bounds;

type CueSpec = [number, number, string] | [number, number, string, string];

function transcript(cues: CueSpec[]): Transcript {
  return {
    file: 't.srt',
    format: 'srt',
    approximate: false,
    meta: { id: 't', title: 'T' },
    cues: cues.map(([start, end, text, speaker]) => ({ start, end, text, ...(speaker ? { speaker } : {}) })),
    warnings: [],
  } as unknown as Transcript;
}

function hitOf(t: Transcript, phrase: string): Hit {
  const text = storedText(t).text;
  const charStart = text.indexOf(phrase);
  if (charStart < 0) throw new Error(`not in the text: ${phrase}`);
  return { video: t.meta, transcript: t, start: 0, end: 0, approximate: false, text: phrase, charStart, charEnd: charStart + phrase.length, score: 1 };
}

const words = (h: Hit) => transcriptWords(h.transcript).tokens.filter((t) => t.start >= h.charStart && t.end <= h.charEnd).length;
const display = (h: Hit) => toQuote(h, B, 'exact').display;

/**
 * Real caption shapes (made-up words, the timing of real files): lecture captions with punctuation, one
 * sentence spread over cues with no gap inside it and about half a second between sentences; the same
 * captions as YouTube auto-captions give them (no punctuation, no capitals, the same timing).
 */
const LECTURE: CueSpec[] = [
  [11.98, 13.0, 'Hello, hello again.'],
  [13.52, 16.526, 'So moving forward, I will assume you can picture how a shear'],
  [16.526, 19.368, 'moves every point of the plane, and how a matrix records it,'],
  [19.368, 21.84, 'the way we did in the last videos.'],
  [22.66, 25.794, 'If you think about a couple of these shears,'],
  [25.794, 28.2, 'you might notice that some stretch space out.'],
  [28.9, 31.5, 'Others squish it on in.'],
];
const AUTO: CueSpec[] = LECTURE.map(([s, e, text]) => [s, e, text.replace(/[.,]/g, '').toLowerCase()]);

describe('sentence ends', () => {
  it('are punctuation in punctuated captions, where a pause without punctuation is only a pause', () => {
    const t = transcript([[0, 2, 'One idea here.'], [2, 4, 'A second idea'], [5, 7, 'goes on here and ends.']]);
    expect(hasPunctuation(t, B.punctuatedWords)).toBe(true);
    const k = (w: string) => transcriptWords(t).tokens.findIndex((x) => x.norm === w);
    expect(gapBefore(t, k('a'), B)).toBe(Gap.End);
    expect(gapBefore(t, k('goes'), B)).toBe(Gap.Pause);
    expect(gapBefore(t, k('on'), B)).toBe(Gap.None);
  });
  it('are pauses of half a second or more in captions without punctuation, and every speaker change', () => {
    const t = transcript(AUTO);
    expect(hasPunctuation(t, B.punctuatedWords)).toBe(false);
    const k = (w: string) => transcriptWords(t).tokens.findIndex((x) => x.norm === w);
    expect(gapBefore(t, k('so'), B)).toBe(Gap.End); // 0.52 s
    expect(gapBefore(t, k('moves'), B)).toBe(Gap.None); // next cue, no gap: inside the sentence
    const turns = transcript([[0, 2, 'we should ship it', 'A'], [2, 4, 'i agree with that', 'B']]);
    expect(gapBefore(turns, 4, B)).toBe(Gap.End);
    // Untimed text (a pasted transcript page) has no pauses at all.
    expect(gapBefore({ ...t, approximate: true } as Transcript, k('so'), B)).toBe(Gap.None);
  });
});

describe('sentenceBounds', () => {
  it('widens to the punctuation around the quote, never cutting it', () => {
    const t = transcript([[0, 4, 'First sentence here. The determinant of a'], [4, 8, 'transformation scales area. Next one.']]);
    const wide = sentenceBounds(hitOf(t, 'determinant of a transformation'), P);
    expect(wide.text).toBe('The determinant of a transformation scales area.');
    expect(wide.text).toBe(storedText(t).text.slice(wide.charStart, wide.charEnd));
  });
  it('uses pauses between cues where captions have no punctuation, and keeps a quote with no end in reach', () => {
    const t = transcript([[0, 2, 'so that was it'], [4, 6, 'we bought the gpus and'], [6, 8, 'trained the network'], [10, 12, 'then we stopped']]);
    expect(sentenceBounds(hitOf(t, 'the gpus and trained'), P).text).toBe('we bought the gpus and trained the network');
    const long = transcript([[0, 100, Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ')]]);
    const hit = hitOf(long, 'w30 w31');
    expect(sentenceBounds(hit, P)).toBe(hit);
  });
  it('lecture captions: before, a window cut mid-sentence at both sides; after, the whole sentence', () => {
    const t = transcript(LECTURE);
    const hit = hitOf(t, 'how a shear moves every point of the plane');
    expect(display(hit)).toBe('…how a shear moves every point of the plane…');
    const shown = sentenceBounds(hit, P);
    expect(display(shown)).toBe(
      'So moving forward, I will assume you can picture how a shear moves every point of the plane, and how a matrix records it, the way we did in the last videos.',
    );
  });
  it('auto-captions of the same lecture: before, "…" at both sides; after, it starts and ends at the pauses', () => {
    const t = transcript(AUTO);
    const hit = hitOf(t, 'how a shear moves every point of the plane');
    expect(display(hit)).toBe('…how a shear moves every point of the plane…');
    expect(display(sentenceBounds(hit, P))).toBe(
      'so moving forward i will assume you can picture how a shear moves every point of the plane and how a matrix records it the way we did in the last videos',
    );
  });
  it('falls back to a pause, still marked "…", when punctuated captions have no sentence end in reach', () => {
    const filler = (from: number, n: number) => Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ');
    // One 52-word sentence over two cues with a pause between them; the quote is 12 words inside the second cue.
    const t = transcript([[0, 1, 'Before this.'], [1, 9, `It began ${filler(0, 28)}`], [10, 18, `${filler(28, 20)} and ends here.`], [18, 19, 'Next.']]);
    expect(hasPunctuation(t, B.punctuatedWords)).toBe(true);
    const hit = hitOf(t, filler(30, 12));
    const shown = sentenceBounds(hit, P);
    expect(shown.text.startsWith('w28 ')).toBe(true); // widened to the pause, not to "It began" (30 words away)
    expect(shown.text.endsWith('and ends here.')).toBe(true);
    expect(quoteCuts(t, shown.charStart, shown.charEnd, B)).toEqual({ before: true, after: false });
    expect(display(shown)).toMatch(/^…w28 .* and ends here\.$/);
  });
  it('never widens past the longest quote (snippet.maxWords): only the side that reaches a sentence end', () => {
    const filler = (from: number, n: number) => Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ');
    const t = transcript([[0, 30, `Start. ${filler(0, 70)} end.`]]);
    const hit = hitOf(t, filler(10, 50)); // sentence start 10 words before, its end 10 words after
    const shown = sentenceBounds(hit, P);
    expect(words(shown)).toBeLessThanOrEqual(60);
    expect(shown.text.startsWith('w0 ')).toBe(true); // the start reaches the sentence start within 10 words
    expect(quoteCuts(t, shown.charStart, shown.charEnd, B)).toEqual({ before: false, after: true });
    expect(words(sentenceBounds(hit, { ...P, snippet: { ...P.snippet, maxWords: 80 } }))).toBe(71); // with room, both sides
  });
  it('shortens a quote to a sentence end inside it when none is in reach outside, never into its matches', () => {
    const filler = (from: number, n: number) => Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ');
    // A sentence ends 5 words into the quote; the one the quote starts in began 40 words earlier.
    const t = transcript([[0, 30, `Intro. ${filler(0, 40)} ${filler(40, 5)} done. The gpus came in ${filler(45, 25)} and then the lab trained them. ${filler(70, 40)} end.`]]);
    const text = storedText(t).text;
    const phrase = `${filler(40, 5)} done. The gpus came in ${filler(45, 25)} and then the lab trained`;
    const hit = hitOf(t, phrase);
    const at = (w: string) => text.indexOf(w);
    const matched = { ...hit, matches: [at('gpus'), at('gpus') + 4] as [number, number] };
    const shown = sentenceBounds(matched, P);
    expect(shown.text).toBe(`The gpus came in ${filler(45, 25)} and then the lab trained them.`);
    expect(quoteCuts(t, shown.charStart, shown.charEnd, B)).toEqual({ before: false, after: false });
    // Not past the matches: with a query word before "done.", the start stays cut ("…").
    const early = sentenceBounds({ ...hit, matches: [at('w41'), at('gpus') + 4] }, P);
    expect(early.text.startsWith('w40 ')).toBe(true);
    // Without known matches nothing is cut away.
    expect(sentenceBounds(hit, P).text.startsWith('w40 ')).toBe(true);
  });
  it('a quote that starts at a new speaker\'s turn is not cut there', () => {
    const t = transcript([[0, 3, 'so what do we do about the budget', 'A'], [3, 6, 'we cut the travel and keep the hires', 'B'], [6, 9, 'then we see in march', 'B']]);
    const shown = sentenceBounds(hitOf(t, 'cut the travel'), P);
    expect(shown.text).toBe('we cut the travel and keep the hires then we see in march');
    expect(display(shown)).toBe('we cut the travel and keep the hires then we see in march');
  });
  it('on the bundled interview (untimed, unpunctuated) every quote is marked "…" at both sides, never passed off as whole', async () => {
    const index = buildIndex(await loadCorpus('transcripts'));
    const hits = index.search('GPUs', { limit: 3 }).hits;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      const shown = sentenceBounds(h, P);
      expect(shown).toBe(h); // no sentence end to reach
      expect(display(shown)).toMatch(/^….*…$/);
    }
  });
});
