/**
 * Starting quotebot: configuration, logger, corpus, index, then the platforms whose tokens are set
 * (Discord, Slack, both), or the terminal chat when none is. Shuts down gracefully on SIGTERM/SIGINT:
 * new requests are refused, in-flight ones finish (bounded), adapters stop, exit code 0.
 *
 * Platform adapters are imported dynamically, so the console chat never loads discord.js or Bolt.
 */
import { performance } from 'node:perf_hooks';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { formatWarning, openCorpus, StartupError } from './cli/corpus.ts';
import { buildIndex } from './search/index.ts';
import { QuoteBot } from './core/bot.ts';
import type { ReloadSummary } from './core/commands.ts';
import type { Corpus, Transcript } from './corpus/types.ts';
import { storedText } from './corpus/text.ts';
import { runConsoleChat } from './adapters/console/chat.ts';

/** How long shutdown waits for in-flight requests before closing anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** A running platform adapter. */
export interface Adapter {
  stop(): Promise<void>;
}

/** Logs what loading skipped or found odd: one warning per skipped file, one per file with problems. */
export function logLoadWarnings(corpus: Corpus, logger: Logger): void {
  for (const skipped of corpus.skipped) logger.warn({ file: skipped.file, line: skipped.line }, `skipped ${formatWarning(skipped)}`);
  for (const t of corpus.transcripts) {
    if (!t.warnings.length) continue;
    logger.warn(
      { file: t.file, warnings: t.warnings.length },
      `${t.file}: ${t.warnings.length} problem${t.warnings.length === 1 ? '' : 's'} (first: ${formatWarning(t.warnings[0]!)})`,
    );
  }
}

function fingerprint(t: Transcript): string {
  const text = storedText(t).text;
  return `${t.meta.id}|${t.meta.title}|${t.cues.length}|${text.length}|${text.slice(0, 64)}|${text.slice(-64)}`;
}

/** Compares two corpora file by file. */
export function diffCorpora(before: Corpus, after: Corpus): Omit<ReloadSummary, 'skipped' | 'transcripts'> {
  const old = new Map(before.transcripts.map((t) => [t.file, fingerprint(t)]));
  const now = new Map(after.transcripts.map((t) => [t.file, fingerprint(t)]));
  return {
    added: [...now.keys()].filter((f) => !old.has(f)).sort(),
    removed: [...old.keys()].filter((f) => !now.has(f)).sort(),
    changed: [...now.keys()].filter((f) => old.has(f) && old.get(f) !== now.get(f)).sort(),
  };
}

/**
 * A reload function for the bot: loads the folder again, builds a new index off the request path and
 * swaps it in. An empty or missing folder keeps the old index (and says so) rather than emptying the bot.
 */
export function reloadFromDisk(dir: string, getBot: () => QuoteBot, logger: Logger): () => Promise<ReloadSummary> {
  let running: Promise<ReloadSummary> | undefined;
  const run = async (): Promise<ReloadSummary> => {
    const bot = getBot();
    const before = bot.index.corpus;
    const corpus = await openCorpus(dir);
    logLoadWarnings(corpus, logger);
    const index = buildIndex(corpus);
    bot.setIndex(index);
    const summary: ReloadSummary = {
      transcripts: corpus.transcripts.length,
      ...diffCorpora(before, corpus),
      skipped: corpus.skipped.map(formatWarning),
    };
    logger.info({ transcripts: summary.transcripts, added: summary.added.length, changed: summary.changed.length, removed: summary.removed.length, skipped: summary.skipped.length }, 'index reloaded');
    return summary;
  };
  // Concurrent reloads share one run.
  return () => (running ??= run().finally(() => (running = undefined)));
}

/** Loads the corpus, logs what was skipped, and builds the bot. */
export async function prepareBot(config: Config, logger: Logger): Promise<QuoteBot> {
  const t0 = performance.now();
  const corpus = await openCorpus(config.transcriptsDir);
  logLoadWarnings(corpus, logger);
  const index = buildIndex(corpus);
  logger.info(
    { transcripts: corpus.transcripts.length, skipped: corpus.skipped.length, ms: Math.round(performance.now() - t0) },
    `index built from ${config.transcriptsDir}`,
  );
  let bot: QuoteBot | undefined;
  bot = new QuoteBot(index, {
    cooldownSeconds: config.cooldownSeconds,
    logger,
    admins: config.admins,
    reload: reloadFromDisk(config.transcriptsDir, () => bot!, logger),
  });
  return bot;
}

/** Resolves on the first SIGTERM or SIGINT (with its name). */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** One line for a failed platform start (bad token, unreachable API...). */
function platformError(platform: string, error: unknown, variable: string): StartupError {
  const message = (error as Error)?.message ?? String(error);
  return new StartupError(`${platform} could not start: ${message.split('\n')[0]} (check ${variable}).`);
}

/**
 * Runs the bot until input ends (console) or a signal arrives (platforms). Resolves to the exit code;
 * throws {@link StartupError} (one line) when it cannot serve.
 */
export async function startBot(config: Config): Promise<number> {
  const platforms = Boolean(config.discord || config.slack);
  const logger = createLogger(config, { mode: platforms ? 'json' : 'console' });
  for (const warning of config.warnings) logger.warn(warning);
  const bot = await prepareBot(config, logger);

  if (!platforms) {
    // The chat ends at end of input, or on SIGTERM/SIGINT: finish the answer in progress, then stop reading.
    const signal = nextSignal();
    const ended = await Promise.race([runConsoleChat(bot).then(() => 'input' as const), signal]);
    if (ended !== 'input') {
      bot.close();
      await bot.drain(SHUTDOWN_GRACE_MS);
      process.stdin.destroy();
    }
    return 0;
  }

  const adapters: Adapter[] = [];
  const signal = nextSignal();
  try {
    if (config.discord) {
      const { startDiscord } = await import('./adapters/discord/index.ts');
      try {
        adapters.push(await startDiscord(bot, config, logger));
      } catch (error) {
        throw platformError('Discord', error, 'DISCORD_TOKEN');
      }
      logger.info('Discord adapter started');
    }
    if (config.slack) {
      const { startSlack } = await import('./adapters/slack/index.ts');
      try {
        adapters.push(await startSlack(bot, config, logger));
      } catch (error) {
        throw platformError('Slack', error, config.slack.appToken ? 'SLACK_BOT_TOKEN and SLACK_APP_TOKEN' : 'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
      }
      logger.info('Slack adapter started');
    }
  } catch (error) {
    await Promise.allSettled(adapters.map((a) => a.stop()));
    throw error;
  }

  const received = await signal;
  logger.info({ signal: received, inFlight: bot.pending }, 'shutting down');
  bot.close();
  const drained = await bot.drain(SHUTDOWN_GRACE_MS);
  if (!drained) logger.warn({ inFlight: bot.pending }, `gave up waiting for in-flight requests after ${SHUTDOWN_GRACE_MS} ms`);
  const results = await Promise.allSettled(adapters.map((a) => a.stop()));
  for (const r of results) if (r.status === 'rejected') logger.warn({ err: r.reason }, 'an adapter did not stop cleanly');
  logger.info('stopped');
  return 0;
}
