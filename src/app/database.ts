/**
 * Start-up glue for the database: opens the store the configuration names, finds the user-hash secret,
 * prunes by LOG_DAYS now and daily, and gives the bot its {@link Memory}. A database that cannot be opened
 * stops the start with one line (a `StartupError`).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { DatabaseConfig } from '../config.ts';
import type { BotLogger } from '../core/bot.ts';
import { Memory } from '../core/memory.ts';
import { openStore, StoreError } from '../store/index.ts';
import { StartupError } from './errors.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * QUOTEBOT_SECRET, or (SQLite only) the secret kept beside the database file, created on first start
 * (mode 600). Copy it to QUOTEBOT_SECRET when moving to PostgreSQL, or votes can no longer be matched to users.
 */
export function resolveSecret(config: DatabaseConfig): string {
  if (config.secret) return config.secret;
  const file = join(dirname(config.file), 'quotebot.secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret) return secret;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(file, 0o600);
  return secret;
}

/** The open database, ready for the bot, and how to stop it. Undefined when QUOTEBOT_DB=off. */
export async function openMemory(config: DatabaseConfig, logger: BotLogger): Promise<{ memory: Memory; close(): Promise<void> } | undefined> {
  if (!config.enabled) {
    logger.info({}, 'database off (QUOTEBOT_DB=off): no settings, feedback or report');
    return undefined;
  }
  let secret: string;
  try {
    secret = resolveSecret(config);
  } catch (error) {
    throw new StartupError(`cannot read or create the user-hash secret beside ${config.file}: ${(error as Error).message}. Set QUOTEBOT_SECRET.`);
  }
  let store;
  try {
    store = await openStore({ ...(config.url ? { url: config.url } : { file: config.file }), onPoolError: (err) => logger.warn({ err }, 'database connection error') });
  } catch (error) {
    if (error instanceof StoreError) throw new StartupError(error.message);
    throw error;
  }
  logger.info({ dialect: store.dialect, where: store.where }, `database ready (${store.dialect})`);
  const memory = new Memory(store, { secret, logger });
  const prune = async () => {
    try {
      const deleted = await store.prune(Date.now() - config.logDays * DAY_MS);
      if (deleted.questions || deleted.votes) logger.info({ ...deleted, logDays: config.logDays }, 'pruned the question log');
    } catch (error) {
      logger.warn({ err: error }, 'could not prune the question log (will try again tomorrow)');
    }
  };
  await prune();
  const timer = setInterval(prune, DAY_MS);
  timer.unref();
  return {
    memory,
    close: async () => {
      clearInterval(timer);
      await store.close();
    },
  };
}
