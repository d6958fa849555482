import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanTopic, QUOTE_RELEVANCE } from '../../src/core/answer.ts';
import { quotesAnswer } from '../../src/core/commands/quote.ts';
import { timelineAnswer } from '../../src/core/commands/timeline.ts';
import { contextAnswer } from '../../src/core/commands/context.ts';
import { cardAnswer } from '../../src/core/card.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { buildIndex } from '../../src/search/index.ts';
import { indexOf, SEED_DIR, SEED_ID } from './helpers.ts';
import { expectAll } from '../helpers/expect-all.ts';
import { TIMELINE_LIMIT, TIMELINE_PAGE } from '../../src/core/defaults.ts';
import { corpus, transcript } from '../search/helpers.ts';

describe('quote relevance floor (bundled transcript)', () => {
  it('shows only passages about GPUs for "how did GPUs help?", not one that merely says "helpful"', async () => {
    const index = await indexOf(SEED_DIR);
    // Without the floor the search lists a passage that only says "helpful".
    const raw = index.search('how did GPUs help?', { limit: 5 });
    expect(raw.hits.some((h) => /helpful/i.test(h.text) && !/gpu/i.test(h.text))).toBe(true);
    const answer = quotesAnswer(index, { topic: 'how did GPUs help?', count: 5, offset: 0 });
    expect(answer.kind).toBe('quotes');
    expect(answer.quotes!.length).toBeGreaterThan(0);
    for (const q of answer.quotes!) expect(q.text).toMatch(/gpu/i);
    // The page total counts what passes the floor plus every passing mention, which More pages on to; the
    // passing ones are marked and the text says how many.
    const all = index.search('how did GPUs help?', { limit: 100, ...QUOTE_RELEVANCE });
    const passing = answer.quotes!.slice(all.total);
    expect(passing.length).toBeGreaterThan(0);
    expectAll(passing, (q) => q.note === 'mentions it in passing');
    const said = answer.text!.match(/talks? about "gpus"; (\d+) more mentions? it in passing/);
    expect(said).not.toBeNull();
    expect(answer.page!.total).toBe(all.total + Number(said![1]));
  });
  it('pages on through the passing mentions it counts ("1 passage talks about gpus; 4 more ..." shows all 5)', async () => {
    const index = await indexOf(SEED_DIR);
    const seen: string[] = [];
    let page = quotesAnswer(index, { topic: 'gpus', count: 3, offset: 0 });
    const said = page.text!.match(/(\d+) passages? talks? about "gpus"; (\d+) more mentions? it in passing/);
    expect(said).not.toBeNull();
    const promised = Number(said![1]) + Number(said![2]);
    expect(page.page!.total).toBe(promised);
    for (let i = 0; i < 10 && page.kind === 'quotes'; i++) {
      seen.push(...page.quotes!.map((q) => q.citation));
      if (!page.actions!.some((a) => a.kind === 'more')) break;
      page = quotesAnswer(index, { topic: 'gpus', count: 3, offset: seen.length });
    }
    expect(seen.length).toBe(promised);
    expect(new Set(seen).size).toBe(seen.length);
  });
  it('never shows the same transcript words twice in one answer, on one page or across pages (gpus)', async () => {
    const index = await indexOf(SEED_DIR);
    /** Every run of five consecutive words of a quote (lower case, punctuation and "…" dropped). */
    const runs = (text: string): string[] => {
      const words = text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter(Boolean);
      return words.slice(0, -4).map((_, i) => words.slice(i, i + 5).join(' '));
    };
    const expectDistinct = (texts: string[]) => {
      const owner = new Map<string, number>();
      texts.forEach((t, i) => {
        for (const r of runs(t)) {
          expect(owner.get(r) ?? i, `"${r}" in quotes ${owner.get(r)} and ${i}`).toBe(i);
          owner.set(r, i);
        }
      });
    };
    const one = quotesAnswer(index, { topic: 'gpus', count: 5, offset: 0 });
    expect(one.quotes!.length).toBeGreaterThan(2);
    expectDistinct(one.quotes!.map((q) => q.text));
    const texts: string[] = [];
    const totals = new Set<number>();
    let page = quotesAnswer(index, { topic: 'gpus', count: 2, offset: 0 });
    for (let i = 0; i < 10 && page.kind === 'quotes'; i++) {
      texts.push(...page.quotes!.map((q) => q.text));
      totals.add(page.page!.total);
      if (!page.actions!.some((a) => a.kind === 'more')) break;
      page = quotesAnswer(index, { topic: 'gpus', count: 2, offset: texts.length });
    }
    expect([...totals]).toEqual([one.page!.total]);
    expect(texts.length).toBe(one.page!.total);
    expectDistinct(texts);
  });
  it('gives every page of one answer the same total (passing mentions only when page 1 is not full)', async () => {
    const index = await indexOf(SEED_DIR);
    const first = quotesAnswer(index, { topic: 'compression', count: 3, offset: 0 });
    const second = quotesAnswer(index, { topic: 'compression', count: 3, offset: 3 });
    expect(first.page!.count).toBe(3);
    expect(second.page!.total).toBe(first.page!.total);
    expect([...first.quotes!, ...second.quotes!].some((q) => q.note?.includes('in passing'))).toBe(false);
  });
  it('drops the weak passage that only says "help" from "how did GPUs help?" and keeps the GPU one', async () => {
    const index = await indexOf(SEED_DIR);
    const raw = index.search('how did GPUs help?', { limit: 5 });
    expect(raw.hits.some((h) => !/gpu/i.test(h.text))).toBe(true);
    const answer = quotesAnswer(index, { topic: 'how did GPUs help?', count: 5, offset: 0 });
    expect(answer.quotes!.length).toBeGreaterThan(0);
    expectAll(answer.quotes!, (q) => /gpu/i.test(q.text));
  });
  it('quotes only the ImageNet passages for "imagenet" (no look-alike of another word)', async () => {
    const index = await indexOf(SEED_DIR);
    const answer = quotesAnswer(index, { topic: 'imagenet', count: 5, offset: 0 });
    expect(answer.quotes!.length).toBeGreaterThan(0);
    expectAll(answer.quotes!, (q) => /imet|image/i.test(q.text));
  });
  it('answers a quoted phrase nobody says word for word with the closest passages and a note saying so', async () => {
    const index = await indexOf(SEED_DIR);
    const answer = quotesAnswer(index, { topic: '"GPUs changed everything"', count: 3, offset: 0 });
    expect(answer.kind).toBe('quotes');
    expect(answer.quotes![0]!.text).toMatch(/gpu/i);
    expect(answer.text).toMatch(/Nobody says "GPUs changed everything" word for word/);
    expect(answer.title).toBe('Quotes about "GPUs changed everything"');
  });
  it('timeline lists only moments holding the key word', async () => {
    const index = await indexOf(SEED_DIR);
    const answer = timelineAnswer(index, { topic: 'how did GPUs help?', offset: 0 });
    const quotes = (answer.groups ?? []).flatMap((g) => g.quotes);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) expect(q.text).toMatch(/gpu/i);
  });
});

describe('quoted phrases', () => {
  it('fills a "quoted phrase" answer only with moments that say the phrase, never with its words apart', async () => {
    const index = await indexOf(SEED_DIR);
    // Said once; "unsupervised" is said six more times elsewhere.
    const answer = quotesAnswer(index, { topic: '"the idea of unsupervised learning through compression"', count: 5, offset: 0 });
    expect(answer.kind).toBe('quotes');
    expectAll(answer.quotes!, (q) => /unsupervised learning through compression/i.test(q.text));
    expect(answer.text ?? '').not.toMatch(/in passing/);
    // A phrase said in several forms still lists the other forms as passing mentions ("scaling law").
    const laws = quotesAnswer(index, { topic: '"scaling laws"', count: 5, offset: 0 });
    expectAll(laws.quotes!, (q) => /scaling laws?\b/i.test(q.text));
  });
});

describe('citations past the end of a video', () => {
  it('context and card say the video is shorter, instead of showing its last passage as the "cited moment"', async () => {
    const index = await indexOf(SEED_DIR);
    for (const answer of [contextAnswer(index, `${SEED_ID}@99999`, 2, 2), cardAnswer(index, `${SEED_ID}@99999`)]) {
      expect(answer.kind).toBe('notice');
      expect(answer.text).toMatch(/is only 17:49 long: give a time within it, e\.g\. f96Xrg4uNik@\d+\./);
    }
    // The last moment itself still works.
    expect(contextAnswer(index, `${SEED_ID}@17:49`, 2, 2).kind).toBe('context');
    expect(cardAnswer(index, `${SEED_ID}@1069`).kind).toBe('quotes');
  });
});

describe('mentions typed into a topic', () => {
  it('are no topic words: "<@&123> gpus" searches gpus, not the word 123', async () => {
    expect(cleanTopic('@everyone <@&123> <@!456> <#789> <@U1|ann> <!here> gpus @here')).toBe('gpus');
    expect(cleanTopic('mail me at a@here.com')).toBe('mail me at a@here.com');
    const index = await indexOf(SEED_DIR);
    const answer = quotesAnswer(index, { topic: '<@&123> gpus', count: 3, offset: 0 });
    expect(answer.kind).toBe('quotes');
    expect(answer.title).toBe('Quotes about "gpus"');
    expect(quotesAnswer(index, { topic: '<@123>', count: 3, offset: 0 }).text).toMatch(/^What should I look for\?/);
  });
});

describe('quote bounds of the index', () => {
  // Auto-captions (no punctuation) of four sentences with a one-second pause after each.
  const LECTURE_DIR = fileURLToPath(new URL('../fixtures/core/bounds', import.meta.url));
  it('shapes quotes with the bounds the index was built with, not the defaults', async () => {
    const corpus = await loadCorpus(LECTURE_DIR);
    const topic = { topic: 'determinant', count: 1, offset: 0 };
    const [byDefault] = quotesAnswer(buildIndex(corpus), topic).quotes!;
    expect(byDefault!.display).toMatch(/^one thing that turns out .* called the determinant$/); // pause to pause
    const noPauses = buildIndex(corpus, { bounds: { pauseSeconds: 1000 } });
    expect(noPauses.params.bounds.pauseSeconds).toBe(1000);
    const [shown] = quotesAnswer(noPauses, topic).quotes!;
    expect(shown!.display).toMatch(/^…\w.* called the determinant$/); // no sentence end but the text's own
    const [narrow] = quotesAnswer(buildIndex(corpus, { bounds: { widenWords: 0 } }), topic).quotes!;
    expect(narrow!.display).toBe('more specifically we want the factor by which the area of a given region increases or decreases and that factor is called the determinant');
  });
});

describe('a timeline past its limit of moments', () => {
  it('says how many moments there are in all, not only the ones it lists', () => {
    // One moment per line: 21 words apart (a moment spans mentions at most 12 words apart), 20 more than the limit.
    const lines = Array.from({ length: TIMELINE_LIMIT + 20 }, (_, i) => ({ text: `fourier series part ${i} and then quite a few other plain words here to keep each of these apart.` }));
    const index = buildIndex(corpus(transcript('f', lines)));
    const answer = timelineAnswer(index, { topic: 'fourier', offset: 0 });
    expect(answer.page).toEqual({ offset: 0, count: TIMELINE_PAGE, total: TIMELINE_LIMIT });
    expect(answer.title).toBe(`Timeline of "fourier": ${TIMELINE_LIMIT} moments in 1 video (the first ${TIMELINE_LIMIT} of ${TIMELINE_LIMIT + 20}: 20 more not listed)`);
  });
});
