/**
 * Running quotebot: configuration, logger, the service (`app/startup.ts`: corpus, index, bot), then the platforms whose tokens are set
 * (Discord, Slack, both), or the terminal chat when none is. Once serving, the transcripts folder is
 * watched (hot reload, `src/reload/`). Shuts down gracefully on SIGTERM/SIGINT: new requests are refused,
 * in-flight ones finish (bounded), the watcher and the platform connections close, exit code 0.
 *
 * Platform adapters are imported dynamically, so the console chat never loads discord.js or Bolt.
 */
import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { startProgress } from './app/start-progress.ts';
import { platformError, prepareService, type Service } from './app/startup.ts';
import { logProcessWarnings } from './app/process-warnings.ts';
import type { Reloader } from './reload/index.ts';
import { runConsoleChat } from './adapters/console/chat.ts';
import { HealthBoard, writeHealthFile } from './health.ts';
import type { ScheduleOptions, UpdateSchedule } from './ingest/schedule.ts';

/** How long shutdown waits for in-flight requests before closing anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** After shutdown, how long the process may linger on handles a library left open before it exits anyway. */
export const FORCE_EXIT_MS = 5_000;

/** Exit codes of `quotebot start` (see `src/app/exit.ts`). */
export { EXIT } from './app/exit.ts';
import { EXIT } from './app/exit.ts';

/** A running platform adapter. */
export interface Adapter {
  stop(): Promise<void>;
  /** Resolves with one line when the connection is lost for good (the process then exits with {@link EXIT}.connectionLost). */
  readonly lost?: Promise<string>;
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

/** Resolves with `work`'s outcome, or `'timeout'` after `ms` (the work keeps running; nothing waits for it). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long the watcher may take to become ready before a warning says so (the bot serves meanwhile). */
export const WATCH_READY_WARN_MS = 30_000;

/**
 * Starts watching the transcripts folder in the background: watching is a helper, never a gate, so
 * nothing waits for it (a folder the watcher cannot finish scanning must not keep the bot from answering
 * or from stopping). A watcher that cannot start, or is not ready after {@link WATCH_READY_WARN_MS}, is
 * logged; the bot serves on either way.
 */
function startWatching(reloader: Reloader, logger: Logger): void {
  const started = reloader.start().then(
    () => 'ready' as const,
    (error: unknown) => {
      logger.warn({ err: error }, `hot reload is off: ${(error as Error)?.message ?? String(error)}`);
      return 'failed' as const;
    },
  );
  void within(started, WATCH_READY_WARN_MS).then((outcome) => {
    if (outcome === 'timeout') {
      logger.warn(`the transcripts watcher is not ready after ${WATCH_READY_WARN_MS / 1000} s; serving anyway (changes may be picked up late; the periodic rescan still runs)`);
    }
  });
}

/**
 * Starts the scheduled update of the followed sources when `UPDATE_EVERY` is set (off by default): the new
 * files land in the transcripts folder and the hot reload picks them up. Without yt-dlp the schedule stays
 * off with one warning; the bot serves on. Returns undefined when there is no schedule.
 */
export async function startScheduledUpdates(
  config: Config,
  logger: Logger,
  options: { env?: Record<string, string | undefined>; timers?: Pick<ScheduleOptions, 'setTimer' | 'clearTimer'> } = {},
): Promise<UpdateSchedule | undefined> {
  if (!config.updateEveryMs) return undefined;
  const [{ findYtDlp }, { updateSources }, { startUpdateSchedule }] = await Promise.all([import('./ingest/ytdlp.ts'), import('./ingest/ingest.ts'), import('./ingest/schedule.ts')]);
  let ytdlp;
  try {
    ytdlp = await findYtDlp(options.env ?? config.ytDlpEnv);
  } catch (error) {
    logger.warn(`UPDATE_EVERY is set but the scheduled update is off: ${(error as Error).message}`);
    return undefined;
  }
  logger.info({ everyMs: config.updateEveryMs, ytdlp: ytdlp.path }, 'followed sources will be updated on a schedule (UPDATE_EVERY)');
  return startUpdateSchedule({
    everyMs: config.updateEveryMs,
    update: () => updateSources({ transcriptsDir: config.transcriptsDir, ytdlp, langs: config.captionLangs }),
    logger,
    ...options.timers,
  });
}

/**
 * Runs the bot until input ends (console) or a signal arrives (platforms). Resolves to the exit code;
 * throws {@link StartupError} (one line) when it cannot serve.
 */
export async function startBot(config: Config): Promise<number> {
  const platforms = Boolean(config.discord || config.slack);
  const logger = createLogger(config, { mode: platforms ? 'json' : 'console' });
  // A failed ranking thread and other process warnings reach the log, with their stacks.
  const stopWarnings = logProcessWarnings(logger);
  for (const warning of config.warnings) logger.warn(warning);
  // The console chat's log shows only warnings: its start's progress goes to stderr as plain lines instead.
  const progress = platforms ? undefined : startProgress((_fields, line) => process.stderr.write(`quotebot: ${line}\n`));
  try {
    const service = await prepareService(config, logger, progress ? { progress } : {});
    return await (platforms ? servePlatforms(config, logger, service) : serveConsole(config, logger, service));
  } finally {
    stopWarnings();
  }
}

/** The console chat on stdin/stdout until input ends or a signal arrives; resolves to the exit code. */
async function serveConsole(config: Config, logger: Logger, { bot, reloader, closeDatabase }: Service): Promise<number> {
  // The chat ends at end of input, or on SIGTERM/SIGINT: finish the answer in progress, then stop reading.
  const signal = nextSignal();
  startWatching(reloader, logger);
  const updates = await startScheduledUpdates(config, logger);
  const ended = await Promise.race([runConsoleChat(bot).then(() => 'input' as const), signal]);
  if (ended !== 'input') {
    bot.close();
    await bot.drain(SHUTDOWN_GRACE_MS);
    process.stdin.destroy();
  }
  updates?.stop();
  await within(reloader.stop(), SHUTDOWN_GRACE_MS);
  await within(closeDatabase(), SHUTDOWN_GRACE_MS);
  return EXIT.stopped;
}

/** Discord and/or Slack until a signal, or until a platform connection is lost for good; resolves to the exit code. */
async function servePlatforms(config: Config, logger: Logger, service: Service): Promise<number> {
  const { bot, reloader, closeDatabase } = service;
  // A stray rejection in a platform library must not end a bot that is otherwise serving.
  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection (still serving)');
  process.on('unhandledRejection', onRejection);
  const signal = nextSignal();
  // Each adapter's connection state, in the health file for `quotebot health` (and /healthz in Slack HTTP mode).
  const health = new HealthBoard();
  const healthFile = writeHealthFile(config.healthFile, health, (error) => logger.warn({ err: error }, `health file ${config.healthFile} not written: ${error.message}`));
  let adapters: Adapter[];
  try {
    adapters = await startAdapters(bot, config, logger, health);
  } catch (error) {
    await healthFile.stop();
    await within(closeDatabase(), SHUTDOWN_GRACE_MS);
    process.off('unhandledRejection', onRejection);
    throw error;
  }
  startWatching(reloader, logger);
  // Start the picture worker now (fonts loaded off the event loop), so the first timeline or quote card
  // is not the one that waits for it.
  void import('./pictures/index.ts').then(({ warmPictures }) => warmPictures());
  const updates = await startScheduledUpdates(config, logger);

  // Serve until a signal, or until a platform connection is lost for good: a process that is up but
  // deaf helps nobody, so it exits non-zero and the process manager restarts it or alerts.
  const lost = adapters.map((a) => a.lost).filter((l): l is Promise<string> => l !== undefined);
  const ended = await Promise.race([signal.then((name) => ({ signal: name })), ...lost.map((l) => l.then((line) => ({ lost: line })))]);
  const received = 'signal' in ended ? ended.signal : 'connection lost';
  let exitCode: number = EXIT.stopped;
  if ('lost' in ended) {
    exitCode = EXIT.connectionLost;
    logger.fatal({ exitCode }, `${ended.lost} Exiting with code ${exitCode}.`);
  }
  logger.info({ signal: received, inFlight: bot.pending }, 'shutting down');
  updates?.stop();
  await shutDown(service, adapters, logger);
  await healthFile.stop();
  await import('./pictures/index.ts').then(({ closePictures }) => closePictures());
  process.off('unhandledRejection', onRejection);
  await within(closeDatabase(), SHUTDOWN_GRACE_MS);
  logger.info({ signal: received, exitCode }, 'stopped');
  // Everything is closed; should a library still hold the event loop open, exit anyway (unref: this
  // timer alone never keeps the process alive).
  setTimeout(() => {
    logger.warn(`still running ${FORCE_EXIT_MS} ms after shutdown (a library kept a handle open); exiting`);
    process.exit(exitCode);
  }, FORCE_EXIT_MS).unref();
  return exitCode;
}

/** Starts the configured adapters; on a failure stops the ones already started and throws the platform's one line. */
async function startAdapters(bot: Service['bot'], config: Config, logger: Logger, health: HealthBoard): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  try {
    if (config.discord) {
      const { startDiscord } = await import('./adapters/discord/index.ts');
      try {
        adapters.push(await startDiscord(bot, config, logger, { onState: (state, detail) => health.set('discord', state, detail) }));
      } catch (error) {
        throw platformError('Discord', error, 'DISCORD_TOKEN', { variable: 'DISCORD_API_BASE', value: config.discord.apiBase });
      }
      logger.info('Discord adapter started');
    }
    if (config.slack) {
      const { startSlack } = await import('./adapters/slack/index.ts');
      try {
        adapters.push(await startSlack(bot, config, logger, { onState: (state, detail) => health.set('slack', state, detail), health: () => health.report() }));
      } catch (error) {
        throw platformError('Slack', error, config.slack.appToken ? 'SLACK_BOT_TOKEN and SLACK_APP_TOKEN' : 'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
      }
      logger.info('Slack adapter started');
    }
  } catch (error) {
    await within(Promise.allSettled(adapters.map((a) => a.stop())), SHUTDOWN_GRACE_MS);
    throw error;
  }
  return adapters;
}

/**
 * 1. New requests get a "restarting" notice; 2. in-flight ones finish on the open connections while the
 * watcher stops (a running reload is aborted); 3. the connections close. Each step is bounded.
 */
async function shutDown({ bot, reloader }: Service, adapters: Adapter[], logger: Logger): Promise<void> {
  bot.close();
  const [drained, watcher] = await Promise.all([bot.drain(SHUTDOWN_GRACE_MS), within(reloader.stop(), SHUTDOWN_GRACE_MS)]);
  if (!drained) logger.warn({ inFlight: bot.pending }, `gave up waiting for in-flight requests after ${SHUTDOWN_GRACE_MS} ms`);
  if (watcher === 'timeout') logger.warn(`the transcripts watcher did not stop within ${SHUTDOWN_GRACE_MS} ms`);
  const results = await within(Promise.allSettled(adapters.map((a) => a.stop())), SHUTDOWN_GRACE_MS);
  if (results === 'timeout') logger.warn(`platform connections did not close within ${SHUTDOWN_GRACE_MS} ms`);
  else for (const r of results) if (r.status === 'rejected') logger.warn({ err: r.reason }, 'an adapter did not stop cleanly');
}
