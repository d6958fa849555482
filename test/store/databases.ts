/**
 * The databases every store test runs against: SQLite in a temporary file always, and PostgreSQL when
 * QUOTEBOT_TEST_PG_URL names a server (`scripts/with-postgres.sh` starts one; `.ci/run` uses it).
 * Without a server the PostgreSQL cases skip with a loud warning; in CI (CI=true) they fail instead.
 * Each PostgreSQL case gets a fresh database, so files running in parallel never meet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** Options for `openStore` that open a new, empty database. */
  fresh(): Promise<{ file?: string; url?: string }>;
}

const PG_URL = process.env.QUOTEBOT_TEST_PG_URL;
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
let warned = false;

const tempDirs: string[] = [];
const pgDatabases: string[] = [];

afterAll(async () => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (PG_URL && pgDatabases.length > 0) {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    for (const name of pgDatabases.splice(0)) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

/** A temporary folder removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quotebot-store-'));
  tempDirs.push(dir);
  return dir;
}

export const sqlite: TestDatabase = {
  name: 'sqlite',
  fresh: async () => ({ file: join(tempDir(), 'quotebot.db') }),
};

export const postgres: TestDatabase = {
  name: 'postgres',
  async fresh() {
    if (!PG_URL) throw new Error('QUOTEBOT_TEST_PG_URL is not set');
    const name = `qb_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    pgDatabases.push(name);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    return { url: url.toString() };
  },
};

/**
 * The databases to run a suite on. PostgreSQL is left out (with a warning) when no server is configured,
 * unless in CI, where its absence is an error.
 */
export function databases(): TestDatabase[] {
  if (PG_URL) return [sqlite, postgres];
  if (IN_CI) throw new Error('CI=true but QUOTEBOT_TEST_PG_URL is not set: run the tests through scripts/with-postgres.sh (see .ci/run)');
  if (!warned) {
    warned = true;
    console.warn(
      '\n*** PostgreSQL store tests SKIPPED: QUOTEBOT_TEST_PG_URL is not set. Run `scripts/with-postgres.sh npm test` to include them. ***\n',
    );
  }
  return [sqlite];
}

/** The PostgreSQL admin URL, when configured. */
export const pgUrl = PG_URL;
