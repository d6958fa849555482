/**
 * Starting quotebot, shared by `npm start` (`main.ts`), the command line (`cli.ts`, `cli/`) and the shard
 * manager (`shard.ts`): open the transcripts folder (refusing clearly when there is nothing to serve), restore
 * or build the index through the index cache, and assemble the bot with its hot reloader. Failures the
 * operator can fix are {@link StartupError}s whose message is one line saying what to do.
 *
 * Above every layer: it may import core, search, corpus, reload and the adapters; nothing below imports it.
 */
import { performance } from 'node:perf_hooks';
import type { Config } from '../config.ts';
import { QuoteBot } from '../core/bot.ts';
import type { Logger } from '../logger.ts';
import { createReloader, type Reloader } from '../reload/index.ts';
import { afterStartSteps, warmSearch } from '../search/persist/warm.ts';
import type { SearchIndex } from '../search/types.ts';
import { StartupError } from './errors.ts';
import { logLoadWarnings, openIndexWithCache } from './open-index.ts';
import { startProgress, type StartProgress } from './start-progress.ts';

/** A bot and the hot-reload service that swaps its index (not watching until `reloader.start()`). */
export interface Service {
  bot: QuoteBot;
  reloader: Reloader;
  /** Closes the database (when there is one). */
  closeDatabase(): Promise<void>;
}

/**
 * Loads the corpus, logs what was skipped, and builds the bot with its reloader: the admin `reload`
 * command runs `reloader.reload()` (re-reads only changed files, never empties the index) and logs the
 * outcome. The folder is watched only once {@link Reloader.start} is called (`startBot` does, once serving).
 */
export async function prepareService(config: Config, logger: Logger, options: { collections?: readonly string[]; progress?: StartProgress } = {}): Promise<Service> {
  const t0 = performance.now();
  // The index cache (QUOTEBOT_CACHE_DIR, default .cache) skips parsing and building when the folder is unchanged.
  const loadedAt = Date.now();
  // A large folder's load and build take long enough to show how far they are (info lines in the log by default).
  const progress = options.progress ?? startProgress((fields, line) => logger.info(fields, line));
  const { index, source, files, saveCache, checked, rewriteCache } = await openIndexWithCache(config.transcriptsDir, {
    cacheDir: config.cacheDir,
    load: { onFile: progress.onFile },
    build: { onProgress: progress.onBuild },
    onWarning: (message) => logger.warn(message),
    writeLater: true,
  });
  const corpus = index.corpus;
  logLoadWarnings(corpus, logger);
  logger.info(
    { transcripts: corpus.transcripts.length, skipped: corpus.skipped.length, ms: Math.round(performance.now() - t0), source },
    `index ${source === 'cache' ? 'restored from cache' : 'built'} for ${config.transcriptsDir}`,
  );
  // Load the search's lazy word lists and typo-correction structure now, before any platform connects, so
  // the first user query does not pay ~0.5-0.8 s for them (a Discord interaction must be acknowledged in 3 s).
  logger.info({ ms: Math.round(warmSearch(index)) }, 'search resources warmed (synonyms, word frequencies, typo correction)');
  let reloader: Reloader | undefined;
  // Imported only when needed: the database drivers cost start-up time that `quotebot help` should not pay.
  const database = config.database.enabled ? await (await import('./database.ts')).openMemory(config.database, logger) : undefined;
  const bot = new QuoteBot(index, {
    ...(database ? { memory: database.memory } : {}),
    cooldownSeconds: config.cooldownSeconds,
    logger,
    admins: config.admins,
    secrets: config.secrets,
    quoteStyle: config.quoteStyle,
    ...(options.collections?.length ? { collections: options.collections } : {}),
    // Loaded on first use: a bot that never adds videos does not load the ingest modules.
    addVideos: async (url) =>
      (await import('../ingest/chat.ts')).startChatAdd(url, { transcriptsDir: config.transcriptsDir, langs: config.captionLangs, logger, env: config.ytDlpEnv }),
    reload: async () => {
      const summary = await reloader!.reload();
      const { outcome, transcripts, added, changed, removed, skipped, ms } = summary;
      logger.info(
        { outcome, transcripts, added: added.length, changed: changed.length, removed: removed.length, skipped: skipped.length, ms },
        `admin reload: ${outcome}${summary.reason ? ` (${summary.reason})` : ''}`,
      );
      return summary;
    },
  });
  // The folder state the index was built or restored from lets the watcher's start-up catch-up skip
  // re-reading unchanged files (exactly with the cache's state, else by mtime).
  reloader = createReloader({ dir: config.transcriptsDir, bot, logger, loadedState: files, loadedAt });
  // A freshly built index is cached once the caller has moved on (connecting, reading the first question):
  // the start does not wait for the snapshot to be encoded and written.
  if (saveCache) {
    setImmediate(() => void cacheInBackground(saveCache, logger).catch((error: unknown) => logger.error({ err: error }, `index cache not written: ${(error as Error)?.message ?? String(error)}`)));
  }
  // The rest of the warm-up, in steps while the bot answers (stops once another index is live).
  setImmediate(() => void warmAfterStart(bot, logger));
  // An index restored from a cache file found damaged in the background reads its transcripts from that file:
  // it is rebuilt from the transcripts at once (not at the next start) and the cache written again.
  void checked?.then((ok) => (ok ? logger.info('index cache checked: every section matches its checksum') : rebuildDamaged(reloader!, bot, rewriteCache, logger)));
  return { bot, reloader, closeDatabase: async () => database?.close() };
}

/**
 * Replaces the live index restored from a damaged cache file by one read from the transcripts (a
 * from-scratch reload, in the reload worker) and writes that to the cache. Logs each outcome; never rejects.
 */
async function rebuildDamaged(reloader: Reloader, bot: QuoteBot, rewriteCache: ((index: SearchIndex) => Promise<boolean>) | undefined, logger: Logger): Promise<void> {
  try {
    logger.warn('index cache damaged: rebuilding the index from the transcripts in the background');
    const summary = await reloader.rebuild();
    if (summary.outcome !== 'swapped') {
      logger.warn({ outcome: summary.outcome }, `index not rebuilt after the damaged cache (${summary.reason ?? summary.outcome}); the next start rebuilds it`);
      return;
    }
    logger.info({ transcripts: summary.transcripts, ms: summary.ms }, 'index rebuilt from the transcripts after the damaged cache');
    if (await rewriteCache?.(bot.index)) logger.info('index cache written again');
  } catch (error) {
    logger.error({ err: error }, `rebuilding the index after the damaged cache failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

/** Runs {@link afterStartSteps} on the live index, one step per event-loop turn. Logs a failure; never rejects. */
async function warmAfterStart(bot: QuoteBot, logger: Logger): Promise<void> {
  const index = bot.index;
  try {
    for (const _ of afterStartSteps(index)) {
      await new Promise((resolve) => setImmediate(resolve));
      if (bot.index !== index) return;
    }
    logger.debug('acronym run places counted');
  } catch (error) {
    logger.warn({ err: error }, `counting where runs of words start failed (${(error as Error)?.message ?? String(error)}); the first acronym that needs it counts them`);
  }
}

/** Writes the index cache, logging how long it took (a failure is logged as a warning by `openIndexCached`). */
async function cacheInBackground(saveCache: () => Promise<boolean>, logger: Logger): Promise<void> {
  const t0 = performance.now();
  if (await saveCache()) logger.info({ ms: Math.round(performance.now() - t0) }, 'index cache written');
}

/** {@link prepareService} without the service: the bot alone (one-shot commands such as `ask`). */
export async function prepareBot(config: Config, logger: Logger): Promise<QuoteBot> {
  return (await prepareService(config, logger)).bot;
}

/**
 * One line for a failed platform start. A {@link StartupError} already is one. Otherwise the hint names
 * the token variable when the platform refused the credentials, else the network (and the API base
 * variable when one is set, since a stand-in that is not running looks the same).
 */
export function platformError(platform: string, error: unknown, tokenVariable: string, apiBase?: { variable: string; value?: string }): StartupError {
  if (error instanceof StartupError) return error;
  if (error instanceof Error && error.name.endsWith('StartupError')) return new StartupError(error.message);
  const message = ((error as Error)?.message ?? String(error)).split('\n')[0]!;
  // "Discord rejected the bot token ..." already says who; "connect ECONNREFUSED ..." does not.
  const what = message.startsWith(platform) ? message : `${platform} could not start: ${message}`;
  // Status codes as whole numbers: "connect ECONNREFUSED 127.0.0.1:40147" is a network error, not a 401.
  const refused = /reject|unauthori[sz]ed|invalid.?(auth|token)|(?<![\d.:])40[13](?!\d)/i.test(message);
  const hint = refused || !apiBase
    ? `check ${tokenVariable}`
    : `check the network connection${apiBase.value ? `, and ${apiBase.variable}=${apiBase.value}` : ''}`;
  return new StartupError(`${what} (${hint}).`);
}
