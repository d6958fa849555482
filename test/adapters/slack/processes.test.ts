/**
 * Two Slack replicas as two real `quotebot start` processes (HTTP mode, against the local stand-in) sharing
 * one database: PostgreSQL (DATABASE_URL, as on several machines) when configured, and a SQLite file (as on
 * one machine). The same signed event, retried to the other process, is answered exactly once, and the
 * per-user cooldown holds across the processes. Without PostgreSQL its case is skipped with a warning, and
 * in CI (CI=true) the suite fails instead (`databases()`), like the store's PostgreSQL suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databases } from '../../store/databases.ts';
import { ROOT } from '../../core/helpers.ts';
import { FIXTURES, SIGNING_SECRET, startStandIn, textOf } from './harness.ts';
import { appMentionPayload, signedRequest, type SlackStandIn } from './standin.ts';

const BIN = join(ROOT, 'bin/quotebot.js');

/** A port free right now on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One `quotebot start` process and what it logged. */
interface Replica {
  child: ChildProcess;
  url: string;
  log(): string;
}

describe.each(databases())('two quotebot processes on one $name database', (database) => {
  const children: ChildProcess[] = [];
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
    for (const stop of stops.splice(0)) await stop();
  });

  async function replica(slack: SlackStandIn, db: { file?: string; url?: string }): Promise<Replica> {
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TRANSCRIPTS_DIR: FIXTURES,
      QUOTEBOT_CACHE_DIR: 'off',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_PORT: String(port),
      QUOTEBOT_COOLDOWN_SECONDS: '600',
      QUOTEBOT_SECRET: 'replica-test-secret',
      ...(db.url ? { DATABASE_URL: db.url } : { QUOTEBOT_DB: db.file! }),
    };
    const cwd = mkdtempSync(join(tmpdir(), 'quotebot-replica-'));
    const child = spawn(process.execPath, [BIN, 'start'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    await expect.poll(() => output.includes('Slack listening on port') || child.exitCode !== null, { timeout: 60_000, interval: 100 }).toBe(true);
    expect(child.exitCode, output).toBeNull();
    return { child, url: `http://127.0.0.1:${port}/slack/events`, log: () => output };
  }

  it('a retried event reaches both processes and is answered once; the cooldown is shared', async () => {
    const slack = await startStandIn();
    stops.push(() => slack.stop());
    const db = await database.fresh();
    const one = await replica(slack, db);
    const two = await replica(slack, db);

    // Slack delivers, gets no timely ack, and retries to the other replica: both arrive at once.
    const event = appMentionPayload({ text: `<@${slack.botUserId}> random`, eventId: 'EvPROCESS01', user: 'U0FIRST' });
    const [first, retry] = await Promise.all([
      signedRequest(one.url, { json: event }, { secret: SIGNING_SECRET }),
      signedRequest(two.url, { json: event }, { secret: SIGNING_SECRET, headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } }),
    ]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    await slack.waitFor(() => slack.callsOf('chat.postMessage')[0]);
    const dropped = () => [one, two].filter((r) => r.log().includes('dropped an event another process took') && r.log().includes('EvPROCESS01'));
    await expect.poll(() => dropped().length, { timeout: 15_000 }).toBe(1);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);

    // The cooldown: a user answered by one process is asked to wait by the other.
    const ask = appMentionPayload({ text: `<@${slack.botUserId}> random`, eventId: 'EvPROCESS02', user: 'U0COOL', ts: '1700000500.000100' });
    await signedRequest(one.url, { json: ask }, { secret: SIGNING_SECRET });
    await slack.waitFor(() => slack.callsOf('chat.postMessage')[1]);
    const again = appMentionPayload({ text: `<@${slack.botUserId}> random`, eventId: 'EvPROCESS03', user: 'U0COOL', ts: '1700000501.000100' });
    await signedRequest(two.url, { json: again }, { secret: SIGNING_SECRET });
    const notice = await slack.waitFor(() => slack.callsOf('chat.postEphemeral').find((c) => c.params.user === 'U0COOL'));
    expect(textOf(notice.params)).toContain('One moment, please');
    expect(slack.callsOf('chat.postMessage')).toHaveLength(2);
  }, 120_000);
});
