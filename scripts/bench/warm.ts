/**
 * The bot's startup warm-up at a corpus size: time and memory of each step, in ONE process, optionally for a
 * second copy of the source tree (e.g. a git worktree of main) in the same run, so both meet the same load.
 *
 * Steps per tree: `buildIndex`, `warmSearch` (search warm-up plus verify's corpus word index and the corpus
 * lexicon), the first `verify` (a verbatim claim, then a claim with a word changed) and the first `timeline`
 * (`mentions`, the scan behind the timeline command), then the latency (p50 / p90 / p99) of 60 verifies of
 * claims from transcripts across the corpus (as said, a word changed, two swapped). Each step prints its milliseconds and the memory it
 * added (heap used + array buffers after a full GC, in MB). Both trees get the same replicated corpus;
 * their answers to the verify and timeline steps are compared and must be identical. The tree run second
 * works beside the first one's warmed structures (a larger heap makes its GC slower): run both orders
 * (`--this-first`) and compare like with like.
 *
 * @example
 * node --expose-gc --import tsx scripts/bench/warm.ts --hours 1000
 * git worktree add /tmp/qb-base main
 * node --expose-gc --import tsx scripts/bench/warm.ts --hours 1000 --base /tmp/qb-base
 * node --expose-gc --import tsx scripts/bench/warm.ts --hours 1000 --base /tmp/qb-base --this-first
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCorpus } from '../../src/corpus/load.ts';
import type { Corpus } from '../../src/corpus/types.ts';
import { replicate } from './replicate.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const hours = Number(opt('hours', '1000'));
const corpusDir = opt('corpus', '/work/shared/corpus/3b1b');
const baseTree = opt('base', '');
const thisFirst = args.includes('--this-first');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) process.stderr.write('warning: run with --expose-gc, memory figures are unreliable without it\n');
const heldMb = (): number => {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1e6;
};

/** Runs `fn`, printing its time and the memory it left held. */
function step<T>(tree: string, name: string, fn: () => T): T {
  const before = heldMb();
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  process.stdout.write(`${tree.padEnd(5)} ${name.padEnd(16)} ${ms.toFixed(0).padStart(7)} ms ${(heldMb() - before).toFixed(0).padStart(6)} MB\n`);
  return out;
}

/** A verbatim claim: about 20 words from the middle of a transcript near the middle of the corpus. */
function claimsOf(corpus: Corpus): string[] {
  const t = corpus.transcripts[Math.floor(corpus.transcripts.length / 2)]!;
  const text = t.cues.map((c) => c.text).join(' ');
  const words = text.split(/\s+/);
  const mid = Math.floor(words.length / 2);
  const verbatim = words.slice(mid, mid + 20).join(' ');
  const changed = [...words.slice(mid, mid + 9), 'quite', ...words.slice(mid + 10, mid + 20)].join(' ');
  return [verbatim, changed];
}

async function runTree(root: string, name: string, corpus: Corpus): Promise<string> {
  const index = (await import(pathToFileURL(resolve(root, 'src/search/index.ts')).href)) as typeof import('../../src/search/index.ts');
  const warm = (await import(pathToFileURL(resolve(root, 'src/search/persist/warm.ts')).href)) as typeof import('../../src/search/persist/warm.ts');
  const built = step(name, 'buildIndex', () => index.buildIndex(corpus));
  step(name, 'warmSearch', () => warm.warmSearch(built));
  const answers: unknown[] = [];
  const [verbatim, changed] = claimsOf(corpus);
  const brief = (r: ReturnType<typeof built.verify>) => ({ verdict: r.verdict, similarity: r.similarity, at: r.hit && [r.hit.video.id, r.hit.charStart, r.hit.charEnd], differences: r.differences });
  answers.push(step(name, 'verify verbatim', () => brief(built.verify(verbatim!))));
  answers.push(step(name, 'verify changed', () => brief(built.verify(changed!))));
  const timeline = (topic: string) => {
    const r = built.mentions(topic, { limit: 100_000 });
    return { total: r.total, terms: r.terms, hits: r.hits.map((h) => [h.video.id, h.charStart, h.charEnd]) };
  };
  answers.push(step(name, 'timeline', () => timeline('neural networks')));
  answers.push(step(name, 'timeline 2', () => timeline('gradient descent')));
  // Latency over many claims: verbatim, one word changed, two words swapped, from transcripts across the corpus.
  const times: number[] = [];
  for (const claim of spreadClaims(corpus)) {
    const t0 = performance.now();
    answers.push(brief(built.verify(claim)));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  process.stdout.write(`${name.padEnd(5)} verify x${times.length}: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${times.at(-1)!.toFixed(1)} ms\n`);
  return JSON.stringify(answers);
}

/** 60 claims from 20 transcripts spread over the corpus: 15 words as said, with one word changed, two swapped. */
function spreadClaims(corpus: Corpus): string[] {
  const out: string[] = [];
  const n = corpus.transcripts.length;
  for (let k = 0; k < 20; k++) {
    const words = corpus.transcripts[Math.floor(((k + 0.5) * n) / 20)]!.cues.map((c) => c.text).join(' ').split(/\s+/);
    const at = Math.floor((words.length * (k + 1)) / 22);
    const w = words.slice(at, at + 15);
    out.push(w.join(' '), [...w.slice(0, 6), 'quite', ...w.slice(7)].join(' '), [...w.slice(0, 3), w[4], w[3], ...w.slice(5)].join(' '));
  }
  return out;
}

const base = await loadCorpus(corpusDir);
const corpus = replicate(base, hours);
process.stdout.write(`${corpus.transcripts.length} transcripts (~${hours} h)\n`);
const results: string[] = [];
const thisTree = resolve(import.meta.dirname, '../..');
if (thisFirst) results.push(await runTree(thisTree, 'this', corpus));
if (baseTree) results.push(await runTree(baseTree, 'base', corpus));
if (!thisFirst) results.push(await runTree(thisTree, 'this', corpus));
if (results.length === 2) process.stdout.write(results[0] === results[1] ? 'answers identical\n' : 'ANSWERS DIFFER\n');
process.stdout.write(`${results.length === 2 ? 'both' : 'this'}: ${results.at(-1)!.length} chars of answers\n`);
