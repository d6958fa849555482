/**
 * Memory of the Discord bot under ShardingManager, with the index in the manager (`index: 'manager'`, the
 * default: one index, shards forward over IPC) and in every shard (`index: 'shard'`). For each corpus size
 * and mode: the real manager (`startSharded`, in a child process: `shards-child.ts`) spawns N real shard
 * processes against the local Discord stand-in from the tests, over a transcripts folder of about H hours
 * written to disk (index cache warmed first, as in production after the first start); each shard then
 * answers Q `/quote` interactions (so the index is touched, through IPC or not), and RSS is read from the
 * manager and from each shard (`broadcastEval`), right after the queries and again `--settle` seconds later
 * (default 45), once the start-up work (the hot-reload service's catch-up read and build worker) is done. Also reported: the median time from injecting a `/quote`
 * at the stand-in's gateway to its answer arriving at the stand-in's REST API (one at a time; with the index
 * in the manager this includes the IPC round trip).
 *
 * Usage: node --import tsx scripts/bench/shards.ts [--hours 100,1000] [--shards 2] [--index manager,shard]
 *        [--queries 20] [--settle 45] [--corpus ../shared/corpus/3b1b]
 */
import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../../src/corpus/load.ts';
import { DiscordStandIn } from '../../test/adapters/discord/stand-in.ts';
import { corpusHours } from './replicate.ts';
import { makeQueries } from './queries.ts';
import { materialise } from './restart.ts';

const { values } = parseArgs({
  options: {
    hours: { type: 'string', default: '100,1000' },
    shards: { type: 'string', default: '2' },
    index: { type: 'string', default: 'manager,shard' },
    queries: { type: 'string', default: '20' },
    settle: { type: 'string', default: '45' },
    corpus: { type: 'string', default: '../shared/corpus/3b1b' },
  },
});
const baseDir = resolve(values.corpus!);
const shards = Number(values.shards);
const perShard = Number(values.queries);
const modes = values.index!.split(',') as Array<'manager' | 'shard'>;
const base = await loadCorpus(baseDir);
const queries = makeQueries(base);
const work = mkdtempSync(join(tmpdir(), 'quotebot-shards-'));
const queriesFile = join(work, 'queries.json');
writeFileSync(queriesFile, JSON.stringify(queries));
const mb = (b: number) => b / 1048576;
const rows: string[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Gives guild i an id that Discord routes to shard i % total (guilds made in one millisecond would share one). */
function spreadGuilds(discord: DiscordStandIn, total: number): void {
  discord.guilds.forEach((guild, i) => {
    const id = BigInt(guild.id);
    const stamp = (id >> 22n) - ((id >> 22n) % BigInt(total)) + BigInt(i % total);
    guild.id = ((stamp << 22n) | (id & ((1n << 22n) - 1n))).toString();
  });
}

try {
  for (const hours of values.hours!.split(',').map(Number)) {
    const copies = Math.max(1, Math.round(hours / corpusHours(base)));
    const dir = join(work, `corpus-${hours}h`);
    const cacheDir = join(work, 'cache');
    materialise(baseDir, dir, copies);
    // Warm the cache the way a first start does.
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench/restart-child.ts', dir, cacheDir, queriesFile], { stdio: ['ignore', 'ignore', 'inherit'] });

    for (const mode of modes) {
      const discord = await DiscordStandIn.start({ guilds: 2 * shards });
      spreadGuilds(discord, shards);
      const env = {
        ...process.env,
        DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase, TRANSCRIPTS_DIR: dir, QUOTEBOT_CACHE_DIR: cacheDir,
        QUOTEBOT_COOLDOWN_SECONDS: '0', LOG_LEVEL: 'warn',
      };
      delete (env as Record<string, string | undefined>).SLACK_BOT_TOKEN;
      const child = fork('scripts/bench/shards-child.ts', [String(shards), mode], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const [ready] = (await once(child, 'message', { signal: AbortSignal.timeout(300_000) })) as [{ ms: number }];
      console.error(`${hours} h, index in ${mode}: ready after ${(ready.ms / 1000).toFixed(1)} s`);
      await discord.waitForSessions(shards);
      // Q /quote interactions per shard, one at a time, each waited for (callback, or edit after a deferral).
      let answered = 0;
      const latencies: number[] = [];
      for (let i = 0; i < perShard; i++) {
        for (let shard = 0; shard < shards; shard++) {
          const interaction = discord.slashCommand('quote', { topic: queries[(i * shards + shard) % queries.length]!.text.slice(0, 100) }, { guild: shard, userId: `3000000000000000${shard}${i}` });
          const t0 = performance.now();
          discord.injectInteraction(interaction, shard);
          const cb = await discord.waitForRequest((r) => r.route === 'POST /interactions/:id/:token/callback' && r.params.id === interaction.id, { timeout: 60_000 });
          if (cb.body?.type === 5) await discord.waitForRequest((r) => r.route === 'PATCH /webhooks/:app/:token/messages/@original' && r.params.token === interaction.token, { timeout: 60_000 });
          latencies.push(performance.now() - t0);
          answered++;
        }
      }
      const measure = async () => {
        child.send('measure');
        return ((await once(child, 'message', { signal: AbortSignal.timeout(60_000) })) as [{ manager: number; shards: number[] }])[0];
      };
      const busy = await measure();
      // Again once the start-up work (hot reload's catch-up read of every file, its build worker) has settled.
      await new Promise((r) => setTimeout(r, Number(values.settle) * 1000));
      const rss = await measure();
      child.send('stop');
      await once(child, 'exit', { signal: AbortSignal.timeout(60_000) }).catch(() => child.kill());
      await discord.stop();
      const sum = (r: typeof rss) => mb(r.manager) + r.shards.reduce((a, b) => a + mb(b), 0);
      const total = sum(rss);
      const line = `| ${(corpusHours(base) * copies).toFixed(0)} h | ${mode === 'manager' ? 'manager (one, over IPC)' : 'every shard'} | ${shards} | ${mb(rss.manager).toFixed(0)} | ${rss.shards.map((b) => mb(b).toFixed(0)).join(', ')} | ${total.toFixed(0)} | ${mb(busy.manager).toFixed(0)} / ${busy.shards.map((b) => mb(b).toFixed(0)).join(', ')} / ${sum(busy).toFixed(0)} | ${(ready.ms / 1000).toFixed(1)} | ${answered} | ${median(latencies).toFixed(1)} |`;
      rows.push(line);
      console.error(line);
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${availableParallelism()} cores, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}.`);
console.log('| Corpus | Index in | Shards | Manager RSS (MB) | RSS per shard (MB) | Total (MB) | Right after the queries: manager / shards / total (MB) | All shards ready (s) | /quote answered | median ms |');
console.log('|---|---|--:|--:|---|--:|---|--:|--:|--:|');
for (const r of rows) console.log(r);
process.exit(0);
