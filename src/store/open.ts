/**
 * Opens the database, creating and migrating it: SQLite in a file by default, PostgreSQL when a
 * `postgres://` URL is given. Every failure to open becomes a one-line {@link StoreError}.
 *
 * SQLite runs in WAL mode with a busy timeout, so several processes on one machine (Discord shards) can
 * share the file: readers never wait, a writer waits up to `busyTimeoutMs` for another writer.
 *
 * @example
 * const store = await openStore({ file: '.data/quotebot.db' });
 * const store = await openStore({ url: 'postgres://quotebot:pw@127.0.0.1:5432/quotebot' });
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteAdapter, SqliteDialect, type DialectAdapter, type MigrationLockOptions } from 'kysely';
import { describeFault, faultReason, redactUrl } from './errors.ts';
import { migrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';
import { Store } from './store.ts';

/** Options of {@link openStore}. Give `url` for PostgreSQL, otherwise `file` is used. */
export interface OpenStoreOptions {
  /** SQLite file. Default `.data/quotebot.db`; its folder is created. Example: `/var/lib/quotebot/bot.db`. */
  file?: string;
  /** PostgreSQL connection URL (`postgres://user:password@host:port/database`). Takes precedence over `file`. */
  url?: string;
  /** How long a SQLite writer waits for another process's write lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** Most PostgreSQL connections in the pool. Default 5. */
  poolSize?: number;
  /** Where pool errors of an idle PostgreSQL connection are reported. Default: nowhere (they are then retried on next use). */
  onPoolError?: (error: Error) => void;
}

/** Default SQLite file, relative to the working directory. */
export const DEFAULT_DB_FILE = '.data/quotebot.db';

export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  if (options.url) return openPostgres(options.url, options);
  return openSqlite(resolve(options.file ?? DEFAULT_DB_FILE), options);
}

async function openSqlite(file: string, options: OpenStoreOptions): Promise<Store> {
  const where = file;
  let raw: SQLite.Database | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    raw = new SQLite(file, { timeout: options.busyTimeoutMs ?? 5000 });
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    const check = raw.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
  } catch (error) {
    raw?.close();
    throw describeFault(where, error);
  }
  const db = new Kysely<Database>({ dialect: new LockingSqliteDialect({ database: raw }) });
  await migrate(db, where, true);
  return new Store(db, 'sqlite', where);
}

async function openPostgres(url: string, options: OpenStoreOptions): Promise<Store> {
  const where = redactUrl(url);
  // Loaded only for PostgreSQL, so a SQLite start does not pay for the driver.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 5,
    connectionTimeoutMillis: 10_000,
    // BIGINT (oid 20) and COUNT(*) come back as strings by default; our values are milliseconds and counts,
    // far below 2^53, so numbers are exact.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  pool.on('error', (error) => options.onPoolError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await pool.query('select 1');
  } catch (error) {
    await db.destroy();
    throw describeFault(where, error);
  }
  await migrate(db, where, false);
  return new Store(db, 'postgres', where);
}

/**
 * Kysely's SQLite adapter takes no migration lock (SQLite's transaction is the lock), but its transaction
 * starts deferred: two processes can both read "nothing migrated yet" and then both create the tables. This
 * adapter writes the lock row first, which takes SQLite's write lock (waiting up to the busy timeout) before
 * the migrator reads anything, so migrations run one process at a time.
 */
class LockingSqliteAdapter extends SqliteAdapter {
  override async acquireMigrationLock(db: Kysely<any>, options: MigrationLockOptions): Promise<void> {
    await db.updateTable(options.lockTable).set({ is_locked: 1 }).where('id', '=', options.lockRowId).execute();
  }
  override async releaseMigrationLock(db: Kysely<any>, options: MigrationLockOptions): Promise<void> {
    await db.updateTable(options.lockTable).set({ is_locked: 0 }).where('id', '=', options.lockRowId).execute();
  }
}

class LockingSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter();
  }
}

/**
 * Runs pending migrations. SQLite: the migrator's set-up steps (creating its own tables and lock row)
 * run before the lock, so a process racing another one there can fail once; it waits a little and tries
 * again, and then finds the work done.
 */
async function migrate(db: Kysely<Database>, where: string, retryBusy: boolean): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  for (let attempt = 1; ; attempt++) {
    const { error } = await migrator.migrateToLatest();
    if (!error) return;
    if (retryBusy && attempt < (faultReason(error) === 'locked' ? 20 : 4)) {
      await new Promise((r) => setTimeout(r, 25 * attempt));
      continue;
    }
    await db.destroy();
    throw describeFault(where, error);
  }
}
