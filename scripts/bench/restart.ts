/**
 * Restart measurement for the index cache: writes a transcripts folder of about `hours` hours to disk
 * (copies of the base folder; caption files hard-linked, sidecars rewritten with a unique id per copy),
 * then starts the bot's index twice in fresh processes: cold (parse + build, answer, then write the cache) and warm
 * (restore from the cache), and compares their answers.
 *
 * @example
 * const r = await cacheBench('../shared/corpus/3b1b', 1000, '/tmp/work'); // { coldMs, warmMs, ... }
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '../../src/corpus/load.ts';
import { sourceHash } from '../../src/search/persist/cache.ts';
import { corpusHours } from './replicate.ts';
import { childArgs, childSourceHash, prepareRuntime, type Runtime } from './runtime.ts';

export interface CacheBenchResult {
  hours: number;
  videos: number;
  cacheMb: number;
  coldMs: number;
  parseMs: number;
  buildMs: number;
  writeMs: number;
  coldRssMb: number;
  /** Peak RSS of the cold and the warm start, from process start through answering 40 queries. */
  coldPeakMb: number;
  warmPeakMb: number;
  warmMs: number;
  warmKeyMs: number;
  warmRestoreMs: number;
  warmRssMb: number;
  /** First query after the warm start (no warm-up: it pays the lazy loads). */
  firstQueryMs: number;
  /** Process start to the first answer (modules, key, restore or build, first query), cold and warm; a cold start writes the cache after it, as the bot does. */
  coldAnswerMs: number;
  /** Process start to the index cache written, cold (answers, pruning bounds and the write included). */
  coldCachedMs: number;
  warmAnswerMs: number;
  /** The bot's startup warm-up (`warmSearch`, verify's word index included) after the warm start, ms, and the peak RSS after it. */
  warmupMs: number;
  warmupPeakMb: number;
  /**
   * The bot as users run it, restarting from the cache (`scripts/bench/bot-child.ts`: `prepareService`, its
   * warm-up, then quote / question / verify / timeline lines): process start to ready (ms), its peak RSS
   * through answering (MB), the first verify's latency (a claim said word for word) and the first with a
   * word changed (ms).
   */
  botReadyMs: number;
  botPeakMb: number;
  botFirstVerifyMs: number;
  botChangedVerifyMs: number;
  /** First query after the cold start, without a warm-up (pays the lazy loads). */
  coldFirstQueryMs: number;
  identical: boolean;
  warnings: string[];
}

/** Writes `copies` copies of `baseDir` under `target` (sidecar ids made unique per copy). */
export function materialise(baseDir: string, target: string, copies: number): void {
  rmSync(target, { recursive: true, force: true });
  const names = readdirSync(baseDir).filter((n) => !n.startsWith('.') && statSync(join(baseDir, n)).isFile());
  for (let k = 0; k < copies; k++) {
    const out = join(target, `copy-${k}`);
    mkdirSync(out, { recursive: true });
    for (const name of names) {
      const from = join(baseDir, name);
      if (name.endsWith('.info.json')) {
        const info = JSON.parse(readFileSync(from, 'utf8')) as Record<string, unknown>;
        if (k > 0 && typeof info.id === 'string') {
          info.id = `${info.id}~${k}`;
          if (typeof info.webpage_url === 'string') info.webpage_url = `${info.webpage_url}&copy=${k}`;
        }
        writeFileSync(join(out, name), JSON.stringify(info));
      } else {
        try {
          linkSync(from, join(out, name));
        } catch {
          copyFileSync(from, join(out, name));
        }
      }
    }
  }
}

/** The bot child (see {@link CacheBenchResult.botPeakMb}). */
function botChild(dir: string, cacheDir: string, runtime: Runtime) {
  const out = execFileSync(process.execPath, ['--expose-gc', ...childArgs('scripts/bench/bot-child.ts', runtime), dir, cacheDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { code: string; sinceProcessStartMs: number; startMs: number; peakRssMb: number; answers: Array<{ line: string; ms: number; kind: string }> };
}

function child(dir: string, cacheDir: string, queriesFile: string, codeHash: string, runtime: Runtime, warmup = false) {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=20000', ...childArgs('scripts/bench/restart-child.ts', runtime), dir, cacheDir, queriesFile, codeHash, ...(warmup ? ['warmup'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as {
    source: string; readyMs: number; firstAnswerMs: number; cachedMs: number; rssMb: number; peakRssMb: number; peakAfterWarmupMb?: number; warmupMs?: number; firstQueryMs: number; fingerprint: string; warnings: string[]; videos: number;
    ms: { key: number; restore?: number; load?: number; build?: number; write?: number };
  };
}

/**
 * The start measurements at about `hours` hours (see {@link CacheBenchResult}). `runtime`: how the child
 * processes run quotebot (scripts/bench/runtime.ts; default `compiled`, as users run it: dist/ is built first).
 */
export async function cacheBench(baseDir: string, hours: number, workDir: string, queriesFile = join(workDir, 'queries.json'), runtime: Runtime = 'compiled'): Promise<CacheBenchResult> {
  prepareRuntime(runtime);
  const base = await loadCorpus(baseDir);
  const copies = Math.max(1, Math.round(hours / corpusHours(base)));
  const dir = join(workDir, `corpus-${hours}h`);
  const cacheDir = join(workDir, 'cache');
  materialise(baseDir, dir, copies);
  rmSync(cacheDir, { recursive: true, force: true });
  try {
    // One code version for both starts: others may be editing src/ while the benchmark runs. (The bot child
    // keys the cache with its code's source hash: compiled, the build's, the same; through tsx, the same unless src/ changed.)
    const code = childSourceHash(runtime, sourceHash);
    const cold = child(dir, cacheDir, queriesFile, code, runtime);
    const warm = child(dir, cacheDir, queriesFile, code, runtime, true);
    const bot = botChild(dir, cacheDir, runtime);
    if (bot.code !== code) throw new Error('src/ changed during the benchmark: the bot child did not restart from the cache');
    const verifies = bot.answers.filter((a) => a.kind === 'verify');
    if (cold.source !== 'built' || warm.source !== 'cache') throw new Error(`expected a build then a cache hit, got ${cold.source} then ${warm.source} (${[...cold.warnings, ...warm.warnings].join('; ')})`);
    const cacheFile = readdirSync(cacheDir).find((n) => n.endsWith('.bin'))!;
    return {
      hours: corpusHours(base) * copies,
      videos: warm.videos,
      cacheMb: statSync(join(cacheDir, cacheFile)).size / 1048576,
      coldMs: cold.readyMs,
      parseMs: cold.ms.load ?? NaN,
      buildMs: cold.ms.build ?? NaN,
      writeMs: cold.ms.write ?? NaN,
      coldRssMb: cold.rssMb,
      coldPeakMb: cold.peakRssMb,
      warmPeakMb: warm.peakRssMb,
      warmMs: warm.readyMs,
      warmKeyMs: warm.ms.key,
      warmRestoreMs: warm.ms.restore ?? NaN,
      warmRssMb: warm.rssMb,
      firstQueryMs: warm.firstQueryMs,
      warmupMs: warm.warmupMs ?? NaN,
      warmupPeakMb: warm.peakAfterWarmupMb ?? NaN,
      // The bot's start ends when prepareService returns (its first answer follows at once).
      botReadyMs: bot.sinceProcessStartMs - bot.answers.reduce((sum, a) => sum + a.ms, 0),
      botPeakMb: bot.peakRssMb,
      botFirstVerifyMs: verifies[0]?.ms ?? NaN,
      botChangedVerifyMs: verifies[1]?.ms ?? NaN,
      coldAnswerMs: cold.firstAnswerMs,
      coldCachedMs: cold.cachedMs,
      warmAnswerMs: warm.firstAnswerMs,
      coldFirstQueryMs: cold.firstQueryMs,
      identical: cold.fingerprint === warm.fingerprint,
      warnings: [...cold.warnings, ...warm.warnings],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
