/**
 * Any query string (up to 6,000 characters: regex and fuse.js extended-search operators, mentions, emoji,
 * control characters, lone surrogates) through every command and autocomplete answers with an Answer,
 * never an exception and never the error answer a throwing handler produces (issue 7, item 4).
 *
 * Time per request is measured and the worst case printed (the target is 50 ms), but not
 * asserted: the machine is shared and noisy. With ../shared/corpus present, the 3Blue1Brown demo corpus
 * is added so the figure reflects a realistic index; without it the bundled transcript and a hostile
 * corpus are used.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { storedText } from '../../src/corpus/text.ts';
import type { Corpus, Transcript } from '../../src/corpus/types.ts';
import { QuoteBot } from '../../src/core/bot.ts';
import type { Answer, Args, Request, Requester } from '../../src/core/types.ts';
import { buildIndex } from '../../src/search/index.ts';
import { anyQuery, BUNDLED_DIR, fuzzTimeout, hasSharedCorpus, runs, SHARED_CORPUS, writeHostileCorpus } from './hostile.ts';

const KINDS = new Set(['quotes', 'videos', 'help', 'verify', 'timeline', 'context', 'notice', 'error']);

let bot: QuoteBot;
let cleanup: (() => Promise<void>) | undefined;
let byVideo: Map<string, Transcript[]>;
const timings: Array<{ ms: number; what: string; length: number }> = [];
/**
 * Answers with quotes, per command. Corpus words are among the fuzzed pieces, so a working search finds
 * some: a search that silently finds nothing (a broken ranker) must fail these properties, not pass them.
 */
const found = new Map<string, number>();

beforeAll(async () => {
  const hostile = await writeHostileCorpus();
  cleanup = hostile.cleanup;
  const dirs = [BUNDLED_DIR, hostile.dir, ...(hasSharedCorpus() ? [SHARED_CORPUS] : [])];
  const corpora = await Promise.all(dirs.map((d) => loadCorpus(d)));
  const corpus: Corpus = { transcripts: corpora.flatMap((c) => c.transcripts), skipped: corpora.flatMap((c) => c.skipped) };
  bot = new QuoteBot(buildIndex(corpus), { cooldownSeconds: 0 });
  byVideo = new Map();
  for (const t of corpus.transcripts) byVideo.set(t.meta.id, [...(byVideo.get(t.meta.id) ?? []), t]);
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  if (!timings.length) return;
  const sorted = [...timings].sort((a, b) => a.ms - b.ms);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.ms;
  const worst = sorted[sorted.length - 1]!;
  const corpus = `${bot.index.corpus.transcripts.length} transcripts${hasSharedCorpus() ? ' incl. ../shared/corpus/3b1b' : ''}`;
  console.log(
    `[fuzz] ${timings.length} requests over ${corpus}: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, ` +
      `max ${worst.ms.toFixed(1)} ms (${worst.what}, ${worst.length} chars); over 50 ms: ${timings.filter((t) => t.ms > 50).length}`,
  );
  const slow = sorted.slice(-5).reverse().map((t) => `${t.ms.toFixed(0)} ms ${t.what} (${t.length} chars)`);
  console.log(`[fuzz] slowest: ${slow.join('; ')}`);
});

let userSeq = 0;
const nextUser = (): Requester => ({ platform: userSeq % 2 ? 'discord' : 'slack', userId: `fuzz-${userSeq++}` });

/** Handles a request, timing it, and checks the answer is a well-formed, non-error Answer. */
async function ask(req: Request, what: string, length: number): Promise<Answer> {
  const started = performance.now();
  const answer = await bot.handle(req);
  timings.push({ ms: performance.now() - started, what, length });
  expect(typeof answer).toBe('object');
  expect(KINDS.has(answer.kind)).toBe(true);
  // A handler that threw is answered with kind 'error' and a reference: that is a bug for any input.
  if (answer.kind === 'error') throw new Error(`${what} (${length} chars) produced an error answer: ${answer.text} [${answer.reference}]`);
  const quoted = (answer.quotes?.length ?? 0) + (answer.groups ?? []).reduce((n, g) => n + g.quotes.length, 0);
  if (quoted > 0) found.set(`${req.command}:${answer.kind}`, (found.get(`${req.command}:${answer.kind}`) ?? 0) + 1);
  for (const quote of [...(answer.quotes ?? []), ...(answer.groups ?? []).flatMap((g) => g.quotes)]) {
    // Verbatim: every quote is an exact slice of its transcript's stored text, whatever the query was.
    const sources = byVideo.get(quote.videoId) ?? [];
    expect(sources.some((t) => storedText(t).text.includes(quote.text))).toBe(true);
  }
  return answer;
}

const command = (name: string, args: Args): Request => ({ command: name, args, user: nextUser() });

describe('any query string', () => {
  it('typed as chat text answers without an exception', { timeout: fuzzTimeout(120_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(anyQuery, fc.constantFrom('', 'quote ', 'ask ', 'verify ', 'timeline ', 'random ', 'context ', 'help ', '/quote ', '!'), async (query, prefix) => {
        const text = prefix + query;
        await ask(bot.parse(text, nextUser()), `text "${prefix.trim() || 'bare'}"`, text.length);
      }),
      { numRuns: runs(150) },
    );
    expect(found.get('quote:quotes') ?? 0, 'no typed query found a quote').toBeGreaterThan(0);
  });

  it('as any command argument answers without an exception', { timeout: fuzzTimeout(120_000) }, async () => {
    await fc.assert(
      fc.asyncProperty(anyQuery, async (q) => {
        await ask(command('quote', { topic: q }), 'quote topic', q.length);
        await ask(command('quote', { topic: 'gpus', video: q, speaker: q, count: 10 }), 'quote filters', q.length);
        await ask(command('verify', { claim: q }), 'verify', q.length);
        await ask(command('timeline', { topic: q, video: q }), 'timeline', q.length);
        await ask(command('context', { citation: q, before: 5, after: 5 }), 'context', q.length);
        await ask(command('random', { video: q }), 'random', q.length);
        await ask(command('videos', {}), 'videos', 0);
        await ask(command('help', { command: q }), 'help', q.length);
        await ask(command('resume', { token: q }), 'resume', q.length);
        await ask(command(q, { topic: q }), 'unknown command', q.length);
        for (const kind of ['topic', 'video', 'speaker'] as const) {
          const started = performance.now();
          const choices = bot.complete(kind, q, 25);
          timings.push({ ms: performance.now() - started, what: `complete ${kind}`, length: q.length });
          expect(Array.isArray(choices)).toBe(true);
          for (const c of choices) expect(typeof c.name === 'string' && typeof c.value === 'string').toBe(true);
        }
      }),
      { numRuns: runs(60) },
    );
    expect(found.get('quote:quotes') ?? 0, 'no fuzzed topic found a quote').toBeGreaterThan(0);
    expect(found.get('timeline:timeline') ?? 0, 'no fuzzed topic found a timeline moment').toBeGreaterThan(0);
  });

  it('with hostile argument types (numbers, out-of-range integers, missing args) answers without an exception', { timeout: fuzzTimeout(60_000) }, async () => {
    const value = fc.oneof(
      fc.constant(undefined),
      fc.integer(),
      fc.double(),
      fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 2 ** 53, -(2 ** 31)),
      anyQuery,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('quote', 'random', 'videos', 'verify', 'timeline', 'context', 'more', 'help', 'resume', 'reload'),
        fc.dictionary(fc.constantFrom('topic', 'video', 'speaker', 'count', 'claim', 'citation', 'before', 'after', 'command', 'token', '__proto__', 'constructor'), value),
        async (name, args) => {
          await ask(command(name, args as Args), `${name} with odd args`, JSON.stringify(args)?.length ?? 0);
        },
      ),
      { numRuns: runs(200) },
    );
  });
});
