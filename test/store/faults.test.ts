/**
 * Database faults at start give one line that names the database and what to do; several processes on one
 * SQLite file (Discord shards) open, migrate and write together safely.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { describeFault, openStore, StoreError, type Store } from '../../src/store/index.ts';
import { tempDir } from './databases.ts';

const opened: Array<Store | SQLite.Database> = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function startFails(options: Parameters<typeof openStore>[0]): Promise<StoreError> {
  const error = await openStore(options).then(
    (store) => {
      opened.push(store);
      throw new Error('openStore should have failed');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).message).not.toContain('\n');
  return error as StoreError;
}

describe('SQLite faults at start', () => {
  it('a database locked by another program', async () => {
    const file = join(tempDir(), 'locked.db');
    const other = new SQLite(file);
    opened.push(other);
    other.exec('create table t (x); begin exclusive; insert into t values (1);');
    const error = await startFails({ file, busyTimeoutMs: 50 });
    expect(error.reason).toBe('locked');
    expect(error.message).toMatch(/^database .*locked\.db: it is locked by another program/);
  });

  it('a file that is not a database', async () => {
    const file = join(tempDir(), 'corrupt.db');
    writeFileSync(file, 'this is not an SQLite database, it is a shopping list\n'.repeat(200));
    const error = await startFails({ file });
    expect(error.reason).toBe('corrupt');
    expect(error.message).toContain('not a usable SQLite database');
  });

  it('a path whose folder cannot be created', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'afile'), 'x');
    const error = await startFails({ file: join(dir, 'afile', 'quotebot.db') });
    expect(error.reason).toBe('readonly');
    expect(error.message).toContain('cannot be written');
  });

  it('read-only and full databases are named as such (real SQLite errors)', () => {
    const file = join(tempDir(), 'ro.db');
    const setup = new SQLite(file);
    setup.exec('create table t (x text)');
    setup.close();
    const readonly = new SQLite(file, { readonly: true });
    opened.push(readonly);
    let error: unknown;
    try {
      readonly.exec("insert into t values ('x')");
    } catch (e) {
      error = e;
    }
    expect(describeFault(file, error).reason).toBe('readonly');

    const small = new SQLite(join(tempDir(), 'full.db'));
    opened.push(small);
    small.exec('create table t (x text)');
    small.pragma('max_page_count = 3');
    error = undefined;
    try {
      for (let i = 0; i < 100; i++) small.prepare('insert into t values (?)').run('x'.repeat(4000));
    } catch (e) {
      error = e;
    }
    const full = describeFault('full.db', error);
    expect(full.reason).toBe('full');
    expect(full.message).toMatch(/^database full\.db: the disk is full/);
  });
});

describe('a write that fails at run time', () => {
  it('throws a classified error the caller can log, and the store works again once the lock is gone', async () => {
    const file = join(tempDir(), 'busy.db');
    const store = await openStore({ file, busyTimeoutMs: 50 });
    opened.push(store);
    const other = new SQLite(file);
    other.exec('begin immediate');
    const q = { answerId: 'a', askedAt: 1, platform: 'console', scope: 'console', command: 'quote', question: 'q', answered: true, citations: [], collections: [] };
    const error = await store.questions.record(q).catch((e: unknown) => e);
    expect(describeFault(store.where, error).reason).toBe('locked');
    expect(await store.settings.read(['console'])).toEqual({});
    other.exec('rollback');
    other.close();
    await store.questions.record(q);
    expect(await store.questions.find('a')).toBeDefined();
  });
});

describe('PostgreSQL faults at start', () => {
  it('an unreachable server: one line, without the password', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const error = await startFails({ url: `postgres://bot:hunter2secret@127.0.0.1:${port}/quotebot` });
    expect(error.reason).toBe('unreachable');
    expect(error.message).not.toContain('hunter2secret');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });
});

describe('several processes on one SQLite file', () => {
  it('open, migrate and write together without an error', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'shared.db');
    const script = `
      import { openStore } from ${JSON.stringify(new URL('../../src/store/index.ts', import.meta.url).pathname)};
      const store = await openStore({ file: process.argv[1] });
      for (let i = 0; i < 20; i++) {
        await store.questions.record({ answerId: process.argv[2] + '-' + i, askedAt: i, platform: 'discord', scope: 's', command: 'quote', question: 'q', answered: true, citations: [], collections: [] });
        await store.events.claim('event-' + i);
      }
      await store.close();
    `;
    const runs = ['p1', 'p2', 'p3', 'p4'].map(
      (name) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file, name], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (d) => (stderr += d));
          child.on('exit', (code) => resolve({ code, stderr }));
        }),
    );
    const results = await Promise.all(runs);
    for (const r of results) expect(r).toEqual({ code: 0, stderr: '' });
    const store = await openStore({ file });
    opened.push(store);
    expect(await store.questions.list(0, 100)).toHaveLength(80);
    const db = new SQLite(file, { readonly: true });
    opened.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((db.prepare('select count(*) n from events').get() as { n: number }).n).toBe(20);
  }, 60_000);
});
