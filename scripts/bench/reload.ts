/**
 * Hot-reload stall benchmark (issue 18, item 3): how long the event loop stops while a reload over a large
 * corpus adds one file. Writes a transcripts folder of about HOURS hours (copies of the 3Blue1Brown corpus,
 * caption files hard-linked, sidecar ids unique per copy), then for each checkout (`--base`, then this one)
 * runs `reload-child.ts` in a fresh process: open the index through the index cache (built and cached on
 * the first run of a checkout), start the reloader, add one caption file, wait for the swap, then add a
 * second one. Prints the longest event-loop pause at the first reload's start, during it and at its
 * finish, the second reload's longest, the first query's latency on the new index, and the machine's
 * load average when each run ended, per checkout and run.
 *
 * npm run bench:reload -- [--hours 1000] [--base /work/wt/main-base] [--work /tmp/quotebot-bench-reload]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../../src/corpus/load.ts';
import { corpusHours } from './replicate.ts';
import { materialise } from './restart.ts';

const { values } = parseArgs({
  options: {
    hours: { type: 'string', default: '1000' },
    base: { type: 'string' },
    work: { type: 'string', default: '/tmp/quotebot-bench-reload' },
    corpus: { type: 'string', default: '/work/shared/corpus/3b1b' },
    runs: { type: 'string', default: '1' },
  },
});
const hours = Number(values.hours);
const baseDir = resolve(values.corpus!);
const work = resolve(values.work!);
const base = await loadCorpus(baseDir);
const copies = Math.max(1, Math.round(hours / corpusHours(base)));
const dir = join(work, `corpus-${copies}x`);
const marker = join(dir, '.complete');
if (!existsSync(marker)) {
  process.stderr.write(`writing ${copies} copies of ${baseDir} to ${dir}\n`);
  materialise(baseDir, dir, copies);
  writeFileSync(marker, String(copies));
}
const newSource = join(baseDir, base.transcripts[0]!.file);
const roots = [...(values.base ? [resolve(values.base)] : []), process.cwd()];

/** One measured reload (see reload-child.ts). */
interface Measured {
  reload: { outcome: string; added: number; read: number; ms: number; waitedMs: number };
  pauseMs: { start: number; during: number; finish: number; all: number };
  pauses: Array<[number, number]>; gcMs: { longest: number; total: number };
}
interface ChildResult extends Measured {
  source: string; openMs: number; videos: number; second: Measured;
  loopDelayMaxMs: number; firstQueryMs: number; againQueryMs: number; firstVerifyMs: number; heapMb: number; rssMb: number;
}

const rows: Array<{ root: string; r: ChildResult; load: string }> = [];
for (const root of roots) {
  for (let run = 0; run < Number(values.runs); run++) {
    const out = execFileSync(
      process.execPath,
      [...(process.env.RELOAD_BENCH_TRACE_GC ? ['--trace-gc'] : []), '--max-old-space-size=8192', '--import', 'tsx', join(import.meta.dirname, 'reload-child.ts'), root, dir, join(work, `cache-${basename(root)}`), newSource, join(dir, 'zz-bench-added.srt')],
      { encoding: 'utf8', cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 << 20 },
    );
    const lines = out.trim().split('\n');
    if (process.env.RELOAD_BENCH_TRACE_GC) process.stderr.write(`${lines.filter((l) => !l.startsWith('{')).join('\n')}\n`);
    const r = JSON.parse(lines.filter((l) => l.startsWith('{')).pop()!) as ChildResult;
    rows.push({ root, r, load: loadavg()[0]!.toFixed(2) });
    process.stderr.write(`${root}: ${JSON.stringify(r)}\n`);
  }
}

const hoursOf = corpusHours(base) * copies;
console.log(`\nReload stall, ${Math.round(hoursOf)} h (${copies} copies, ${rows[0]?.r.videos} videos), one file added, then another; longest event-loop pause in ms`);
console.log('checkout                          | opened | start | during | finish | all  | 2nd all | reload ms | 1st query ms (again) | 1st verify ms | longest GC | heap MB | RSS MB | load (1 min)');
const cell = (v: unknown, width: number): string => String(v).padStart(width);
for (const { root, r, load } of rows) {
  const p = r.pauseMs;
  console.log(
    `${root.padEnd(33)} | ${r.source.padStart(6)} | ${cell(p.start, 5)} | ${cell(p.during, 6)} | ${cell(p.finish, 6)} | ${cell(p.all, 4)} | ${cell(r.second.pauseMs.all, 7)} | ` +
      `${cell(r.reload.ms, 9)} | ${cell(`${r.firstQueryMs} (${r.againQueryMs})`, 20)} | ${cell(r.firstVerifyMs, 13)} | ${cell(Math.max(r.gcMs.longest, r.second.gcMs.longest), 10)} | ${cell(r.heapMb, 7)} | ${cell(r.rssMb, 6)} | ${cell(load, 12)}`,
  );
}

