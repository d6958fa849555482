/**
 * The `quotebot` command line: `start` (the bot), `ask`, `search --json`, `index`, `add`, `update`,
 * `sources`, `remove`, `deploy-commands`, `shard`, `help`. `main(argv)` returns the exit code and never throws: usage errors exit 2 with one line,
 * startup problems (missing folder, empty corpus, bad configuration) exit 1 with one line each.
 *
 * @example
 * await main(['search', '--json', '--top', '3', '--transcripts', 'transcripts']) // reads stdin, returns 0
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import dotenv from 'dotenv';
import { ConfigError, debugLogging, ENV_VARS, loadConfigFor } from './config.ts';
import { StartupError } from './app/errors.ts';
import { DEFAULT_COUNT, MAX_COUNT } from './core/defaults.ts';
import { collectionNames, unknownCollections } from './cli/collections.ts';

import { UsageError } from './cli/usage-error.ts';

export { UsageError };

interface Subcommand {
  usage: string;
  description: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

const transcriptsOption = { transcripts: { type: 'string' as const, short: 't' } };
/** `--collection C` (repeatable; each may list several, comma-separated). */
const collectionOption = { collection: { type: 'string' as const, short: 'c', multiple: true } };

function positiveInt(name: string, raw: unknown, fallback: number, max = 1000): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max} (got "${String(raw)}").`);
  return n;
}

/**
 * The configuration (environment and `.env`) with `--transcripts` in place of `TRANSCRIPTS_DIR` and
 * `--lang` in place of `CAPTION_LANGS` (checked like the variable).
 */
function configFor(values: Record<string, unknown>) {
  const dir = typeof values.transcripts === 'string' && values.transcripts ? values.transcripts : undefined;
  return loadConfigFor(dir, typeof values.lang === 'string' ? { CAPTION_LANGS: values.lang } : {});
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  start: {
    usage: 'start [--transcripts DIR]',
    description: 'Run the bot: Discord and/or Slack when their tokens are set, else a terminal chat.',
    options: { ...transcriptsOption },
    async run(values) {
      const { startBot } = await import('./main.ts');
      return startBot(configFor(values));
    },
  },
  ask: {
    usage: 'ask "topic" [--video V] [--speaker S] [--count N] [--collection C] [--transcripts DIR]  |  ask --json [--collection C] [--transcripts DIR]',
    description:
      'Print the answer the bot would give to `quote topic`; with --json, answer JSON lines {"id","text"} (chat lines) on stdin with {"id","answer"}. --collection C (a transcripts subfolder; several comma-separated) limits every answer to those videos.',
    options: { ...transcriptsOption, ...collectionOption, json: { type: 'boolean' }, video: { type: 'string' }, speaker: { type: 'string' }, count: { type: 'string', short: 'n' } },
    async run(values, positionals) {
      const collections = collectionNames(values.collection);
      if (values.json) {
        if (positionals.length || values.video !== undefined || values.speaker !== undefined || values.count !== undefined) {
          throw new UsageError('ask --json reads chat lines as JSON on stdin and takes only --transcripts and --collection.');
        }
        const { askJson } = await import('./cli/ask.ts');
        return askJson(configFor(values), process.stdin, process.stdout, collections);
      }
      const topic = positionals.join(' ').trim();
      if (!topic) throw new UsageError('ask needs a topic, e.g. quotebot ask "scaling laws"');
      const { askOnce } = await import('./cli/ask.ts');
      const args: Record<string, string | number> = { topic };
      if (typeof values.video === 'string') args.video = values.video;
      if (typeof values.speaker === 'string') args.speaker = values.speaker;
      if (values.count !== undefined) args.count = positiveInt('count', values.count, DEFAULT_COUNT, MAX_COUNT);
      return askOnce(configFor(values), args, process.stdout, collections);
    },
  },
  report: {
    usage: 'report [--days N]',
    description: 'What people asked, the share answered, what nobody could answer, and the quotes voted most and least helpful (default: the last 30 days).',
    options: { days: { type: 'string', short: 'd' } },
    async run(values, positionals) {
      if (positionals.length) throw new UsageError(`report takes no words (got "${positionals.join(' ')}"); use --days N.`);
      const days = positiveInt('days', values.days, 30, 3650);
      const { printReport } = await import('./cli/report.ts');
      return printReport(configFor(values), days, process.stdout);
    },
  },
  search: {
    usage: 'search --json [--top K] [--collection C] [--transcripts DIR]   (JSON lines {"id","query","video"?} on stdin)',
    description: 'Machine interface: one JSON line of ranked results per JSON query line (--collection C: only those collections\' videos).',
    options: { ...transcriptsOption, ...collectionOption, json: { type: 'boolean' }, top: { type: 'string', short: 'k' } },
    async run(values, positionals) {
      if (!values.json) throw new UsageError('search reads JSON lines: use quotebot search --json (or quotebot ask "topic").');
      if (positionals.length) throw new UsageError(`search --json takes queries on stdin, not "${positionals.join(' ')}".`);
      const top = positiveInt('top', values.top, 5);
      const { corpusWarnings, openIndexWithCache } = await import('./app/startup.ts');
      const { runSearchJson } = await import('./cli/search-json.ts');
      const config = configFor(values);
      // A freshly built index is cached after the answers (they do not wait for the snapshot to be written).
      const opened = await openIndexWithCache(config.transcriptsDir, {
        cacheDir: config.cacheDir,
        writeLater: true,
        onWarning: (message) => process.stderr.write(`quotebot: ${message}\n`),
      });
      const index = opened.index;
      // Named on stderr whether the index was built now or restored from the cache (stdout is the results).
      for (const line of corpusWarnings(index.corpus)) process.stderr.write(`quotebot: ${line}\n`);
      const collections = collectionNames(values.collection);
      const unknown = unknownCollections(index, collections);
      if (unknown) throw new UsageError(unknown);
      await runSearchJson(index.within(collections), process.stdin, process.stdout, top);
      await opened.saveCache?.();
      return 0;
    },
  },
  index: {
    usage: 'index [--transcripts DIR]',
    description: "Load and index the transcripts (progress on stderr; refreshes the index cache) and print each file's format, cue and word counts, warnings and totals.",
    options: { ...transcriptsOption },
    async run(values) {
      const { openIndexWithCache } = await import('./app/startup.ts');
      const { indexReport } = await import('./cli/index-report.ts');
      const { createProgress } = await import('./cli/progress.ts');
      const { resolve } = await import('node:path');
      const config = configFor(values);
      const dir = resolve(config.transcriptsDir);
      const progress = createProgress(process.stderr);
      const t0 = performance.now();
      let opened;
      try {
        opened = await openIndexWithCache(dir, {
          cacheDir: config.cacheDir,
          load: { onFile: progress.onFile },
          build: { onProgress: progress.onBuild },
          onWarning: (message) => process.stderr.write(`quotebot: ${message}\n`),
        });
      } finally {
        progress.stop();
      }
      const how = opened.source === 'cache' ? `restored from the index cache ${opened.file}` : `built${opened.file ? ` and cached in ${opened.file}` : ''}`;
      process.stderr.write(`quotebot: index ${how} in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
      process.stdout.write(`${indexReport(opened.index.corpus, dir).join('\n')}\n`);
      return 0;
    },
  },
  health: {
    usage: 'health',
    description: "Report the running bot's health (each platform's connection state, from QUOTEBOT_HEALTH_FILE); exit 0 healthy, 1 not.",
    options: {},
    async run() {
      const { checkHealth } = await import('./health.ts');
      const { code, lines } = await checkHealth(configFor({}).healthFile);
      process.stdout.write(`${lines.join('\n')}\n`);
      return code;
    },
  },
  add: {
    usage: 'add <url|video id>... [--follow] [--lang en,de] [--transcripts DIR]',
    description:
      'Fetch the captions and .info.json of a video, playlist or channel with yt-dlp into the transcripts folder (one subfolder per channel); --follow keeps a channel or playlist for quotebot update.',
    options: { ...transcriptsOption, follow: { type: 'boolean' }, lang: { type: 'string' } },
    async run(values, positionals) {
      if (!positionals.length) throw new UsageError('add needs a URL or video id, e.g. quotebot add https://www.youtube.com/watch?v=dQw4w9WgXcQ');
      const { parseTarget } = await import('./ingest/targets.ts');
      const urls: string[] = [];
      for (const raw of positionals) {
        const target = parseTarget(raw);
        if (!target.ok) throw new UsageError(target.message);
        urls.push(target.url);
      }
      const config = configFor(values);
      const { runAdd } = await import('./cli/add.ts');
      return runAdd({ transcriptsDir: config.transcriptsDir, langs: config.captionLangs, ytDlpEnv: config.ytDlpEnv, urls, follow: values.follow === true }, process.stdout, process.stderr);
    },
  },
  update: {
    usage: 'update [--lang en,de] [--transcripts DIR]',
    description: 'Fetch what every followed source (add --follow) has uploaded since the last run.',
    options: { ...transcriptsOption, lang: { type: 'string' } },
    async run(values, positionals) {
      if (positionals.length) throw new UsageError(`update takes no arguments (got "${positionals.join(' ')}"); to add a URL use quotebot add.`);
      const config = configFor(values);
      const { runUpdate } = await import('./cli/add.ts');
      return runUpdate({ transcriptsDir: config.transcriptsDir, langs: config.captionLangs, ytDlpEnv: config.ytDlpEnv }, process.stdout, process.stderr);
    },
  },
  sources: {
    usage: 'sources [--transcripts DIR]',
    description: 'List the followed sources with their last update and counts.',
    options: { ...transcriptsOption },
    async run(values) {
      const { runSources } = await import('./cli/sources.ts');
      return runSources(configFor(values).transcriptsDir, process.stdout);
    },
  },
  remove: {
    usage: 'remove <video id|url|source url> [--transcripts DIR]',
    description: 'Remove a video, or a followed source and the videos it brought in, with their files.',
    options: { ...transcriptsOption },
    async run(values, positionals) {
      if (positionals.length !== 1) throw new UsageError('remove takes one video id or URL, or a followed source URL (quotebot sources lists them).');
      const { runRemove } = await import('./cli/sources.ts');
      return runRemove(configFor(values).transcriptsDir, positionals[0]!, process.stdout);
    },
  },
  'deploy-commands': {
    usage: 'deploy-commands [--transcripts DIR]',
    description: 'Register the slash commands with Discord (guild-scoped when DISCORD_GUILD_ID is set).',
    options: { ...transcriptsOption },
    async run(values) {
      const config = configFor(values);
      if (!config.discord) throw new StartupError('deploy-commands needs DISCORD_TOKEN (and DISCORD_APPLICATION_ID or a token it can log in with).');
      // The command table is plain data: no index is needed to register it.
      const { COMMAND_SPECS } = await import('./core/commands/index.ts');
      const { deployCommands } = await import('./adapters/discord/deploy.ts');
      await deployCommands(config, COMMAND_SPECS);
      return 0;
    },
  },
  shard: {
    usage: 'shard [--transcripts DIR]',
    description: 'Run the Discord bot across shards (discord.js ShardingManager) for large installs; one index in this process serves all shards (DISCORD_SHARD_INDEX=shard: one per shard).',
    options: { ...transcriptsOption },
    async run(values) {
      const config = configFor(values);
      if (!config.discord) throw new StartupError('shard needs DISCORD_TOKEN.');
      const { runSharded } = await import('./app/shard.ts');
      return await runSharded(config);
    },
  },
};

/** The `quotebot help` text. */
export function usage(): string {
  const lines = ['Usage: quotebot <command> [options]', '', 'Commands:'];
  for (const [name, sub] of Object.entries(SUBCOMMANDS)) lines.push(`  ${sub.usage}`, `      ${sub.description}`);
  lines.push('  help', '      Show this help.', '', 'Environment (also read from .env):');
  for (const v of ENV_VARS) lines.push(`  ${v.name.padEnd(26)} ${v.description}`);
  return lines.join('\n');
}

/** Runs the command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const [name = 'start', ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const sub = SUBCOMMANDS[name];
  try {
    if (!sub) throw new UsageError(`unknown command "${name}". Run quotebot help.`);
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: { ...sub.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(`${(error as Error).message.split('\n')[0]} (usage: quotebot ${sub.usage})`);
    }
    if (parsed.values.help) {
      process.stdout.write(`Usage: quotebot ${sub.usage}\n  ${sub.description}\n`);
      return 0;
    }
    return await sub.run(parsed.values, parsed.positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`quotebot: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`quotebot: configuration problem(s):\n${error.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return 1;
    }
    if (error instanceof StartupError) {
      process.stderr.write(`quotebot: ${error.message}\n`);
      return 1;
    }
    const err = error as Error;
    process.stderr.write(`quotebot: ${err?.message ?? String(error)}\n`);
    if (debugLogging()) process.stderr.write(`${err?.stack ?? ''}\n`);
    return 1;
  }
}
