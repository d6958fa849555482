/**
 * The systems the benchmark compares, behind one small interface: quotebot's own index, fuse.js over
 * passages (what most bots do), and MiniSearch (BM25 with fuzzy + prefix matching) over 50-word windows.
 *
 * @example
 * const sys = SYSTEMS.minisearch();
 * sys.build(corpus);
 * sys.search('eigenvalues', undefined, 5) // [{ video, start, end, text }, ...]
 */
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { Corpus } from '../../src/corpus/types.ts';
import { buildIndex } from '../../src/search/index.ts';
import type { SearchIndex } from '../../src/search/types.ts';

/** One ranked result, enough for the S@1 hit rule. */
export interface BenchResult {
  video: string;
  start: number;
  end: number;
  text: string;
}

export interface BenchSystem {
  /** Builds the system's index over the corpus. */
  build(corpus: Corpus): void;
  /** Top `limit` results for a query (optionally inside one video). */
  search(query: string, video: string | undefined, limit: number): BenchResult[];
  /**
   * Saves the built index the system's documented way and restores it, as a restart would (without the
   * disk): returns the milliseconds of the restore, or a reason it cannot. Absent when the system has no
   * saved form.
   */
  restart?(): number | string;
}

/** Words per window for the fuse.js and MiniSearch baselines. */
export const WINDOW_WORDS = 50;

interface Window {
  id: number;
  video: string;
  start: number;
  end: number;
  text: string;
}

/** The corpus cut into consecutive windows of `WINDOW_WORDS` words, each with its cue-based time range. */
export function windows(corpus: Corpus): Window[] {
  const out: Window[] = [];
  for (const t of corpus.transcripts) {
    let words: string[] = [];
    let start = 0;
    let end = 0;
    const flush = () => {
      if (words.length) out.push({ id: out.length, video: t.meta.id, start, end, text: words.join(' ') });
      words = [];
    };
    for (const cue of t.cues) {
      for (const w of cue.text.split(' ')) {
        if (!w) continue;
        if (words.length === 0) start = cue.start;
        words.push(w);
        end = cue.end;
        if (words.length >= WINDOW_WORDS) flush();
      }
    }
    flush();
  }
  return out;
}

function quotebot(): BenchSystem {
  let index: SearchIndex;
  return {
    build(corpus) {
      index = buildIndex(corpus);
    },
    search(query, video, limit) {
      return index.search(query, { limit, video }).hits.map((h) => ({ video: h.video.id, start: h.start, end: h.end, text: h.text }));
    },
  };
}

function fuse(): BenchSystem {
  let engine: Fuse<Window>;
  return {
    build(corpus) {
      // The usual setup for passage search: match anywhere in the text, default threshold.
      engine = new Fuse(windows(corpus), { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.4 });
    },
    search(query, video, limit) {
      const found = engine.search(query, { limit: video ? 100_000 : limit });
      return found
        .map((r) => r.item)
        .filter((w) => !video || w.video === video)
        .slice(0, limit)
        .map(({ video: v, start, end, text }) => ({ video: v, start, end, text }));
    },
  };
}

const MINISEARCH_OPTIONS = { fields: ['text'], searchOptions: { fuzzy: 0.2, prefix: true } };

function minisearch(): BenchSystem {
  let engine: MiniSearch<Window>;
  let all: Window[];
  return {
    build(corpus) {
      all = windows(corpus);
      engine = new MiniSearch<Window>(MINISEARCH_OPTIONS);
      engine.addAll(all);
    },
    restart() {
      let json: string;
      try {
        json = JSON.stringify(engine);
      } catch (error) {
        return `toJSON fails: ${(error as Error).message}`;
      }
      const t = performance.now();
      engine = MiniSearch.loadJSON<Window>(json, MINISEARCH_OPTIONS);
      return performance.now() - t;
    },
    search(query, video, limit) {
      const found = engine.search(query, video ? { filter: (r) => all[r.id as number]!.video === video } : undefined);
      return found.slice(0, limit).map((r) => {
        const w = all[r.id as number]!;
        return { video: w.video, start: w.start, end: w.end, text: w.text };
      });
    },
  };
}

export const SYSTEMS: Record<string, () => BenchSystem> = { quotebot, fuse, minisearch };
