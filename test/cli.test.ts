import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedText } from '../src/corpus/text.ts';
import { FIXTURE_DIR, indexOf, ROOT, SEED_DIR, SEED_ID } from './core/helpers.ts';
import { expectAll } from './helpers/expect-all.ts';

const BIN = join(ROOT, 'bin/quotebot.js');
/** A working directory without a .env, so a developer's tokens never switch these runs to a platform. */
const CWD = mkdtempSync(join(tmpdir(), 'quotebot-cli-'));
// The database has its own command-line tests (cli-database.test.ts); these spawn many short runs on a busy machine.
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, TRANSCRIPTS_DIR: SEED_DIR, QUOTEBOT_DB: 'off' };

function run(args: string[], input = '', env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: CWD, input, encoding: 'utf8', env: { ...ENV, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('quotebot CLI', () => {
  it('search --json: one line per query, in order, with the scorer contract; bad lines get an error field', async () => {
    const queries = [
      { id: 'q1', query: 'oolong tea' },
      'this is not json',
      { id: 'q2', query: 'grind size extraction', video: 'cOfFeE12345' },
      { id: 'q3', query: 42 },
      { id: 'q4', query: 'milk', video: 'tea-notes' },
    ];
    const input = queries.map((q) => (typeof q === 'string' ? q : JSON.stringify(q))).join('\n') + '\n';
    const r = run(['search', '--json', '--top', '3', '--transcripts', FIXTURE_DIR], input);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['q1', null, 'q2', 'q3', 'q4']);
    expect(lines[1].error).toMatch(/not valid JSON/);
    expect(lines[3]).toMatchObject({ results: [], error: '"query" must be a string' });
    const index = await indexOf(FIXTURE_DIR);
    for (const line of [lines[0], lines[2]]) {
      expect(line.results.length).toBeGreaterThan(0);
      expect(line.results.length).toBeLessThanOrEqual(3);
      for (const result of line.results) {
        expect(Object.keys(result).sort()).toEqual(['end', 'score', 'speaker', 'start', 'text', 'title', 'url', 'video']);
        expect(result.end).toBeGreaterThanOrEqual(result.start);
        const t = index.corpus.transcripts.find((tr) => tr.meta.id === result.video)!;
        expect(storedText(t).text).toContain(result.text);
      }
    }
    expect(lines[0].results[0]).toMatchObject({ video: 'tea-notes', url: null });
    expectAll(lines[2].results, (x: { video: string }) => x.video === 'cOfFeE12345');
    expect(lines[2].results[0].url).toMatch(/^https:\/\/www\.youtube\.com\/watch\?v=cOfFeE12345&t=\d+s$/);
    expect(['Alice', 'Bob']).toContain(lines[2].results[0].speaker);
    expectAll(lines[4].results, (x: { video: string }) => x.video === 'tea-notes');
  });

  it('start with piped input prints a verbatim passage of the seed with its timed link, and exits 0', async () => {
    const r = run(['start'], '/quote GPUs\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`https://www.youtube.com/watch?v=${SEED_ID}&t=`);
    // Clean verbatim by default (fillers and repeats left out, "…" for cuts); QUOTE_STYLE=exact shows the exact slice.
    const shown = /"(.+)"\n/.exec(r.stdout.split('\n').slice(1).join('\n'))?.[1];
    expect(shown).toMatch(/gpu/i);
    const exact = run(['start'], '/quote GPUs\n', { QUOTE_STYLE: 'exact' });
    const quoted = /"(.+)"\n/.exec(exact.stdout.split('\n').slice(1).join('\n'))?.[1]?.replace(/^…/, '').replace(/…$/, '');
    const seed = (await indexOf(SEED_DIR)).corpus.transcripts[0]!;
    expect(quoted && storedText(seed).text.includes(quoted)).toBe(true);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('ask prints the console answer; index prints per-file counts and totals', () => {
    const ask = run(['ask', 'how did GPUs help?', '--count', '2']);
    expect(ask.code).toBe(0);
    expect(ask.stdout).toMatch(/^Quotes about "how did GPUs help\?"/);
    const index = run(['index', '--transcripts', FIXTURE_DIR]);
    expect(index.code).toBe(0);
    expect(index.stdout).toMatch(/Coffee Chemistry \[cOfFeE12345\]\.en\.vtt\n {4}vtt +11 cues +\d+ words/);
    expect(index.stdout).toMatch(/Total: 2 transcript\(s\), 2 video\(s\), 15 cues/);
  });

  it('fails with one clear line: missing folder, empty corpus, bad config, bad usage', () => {
    const missing = run(['start'], '', { TRANSCRIPTS_DIR: join(CWD, 'nope') });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^quotebot: Transcripts folder not found: .*nope/);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const empty = run(['search', '--json', '--transcripts', CWD]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^quotebot: No transcripts in /);
    const config = run(['start'], '', { LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'xoxb-very-secret' });
    expect(config.code).toBe(1);
    expect(config.stderr).toMatch(/LOG_LEVEL="loud"/);
    expect(config.stderr).not.toContain('xoxb-very-secret');
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['search', '--json', '--top', 'many']).stderr).toMatch(/--top must be a whole number/);
    expect(run(['search', '--bogus']).code).toBe(2);
    const help = run(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/search --json \[--top K\]/);
    expect(help.stdout).toMatch(/SLACK_SIGNING_SECRET/);
  });

  it('console mode: SIGTERM after an answer stops reading and exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'start'], { cwd: CWD, env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const answered = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('youtube.com')) resolve();
      });
    });
    child.stdin.write('/quote GPUs\n'); // stdin stays open: only the signal can end the chat
    await answered;
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});

describe('search --json and the files it skipped', () => {
  it('names them on stderr when it builds the index and when it restores it from the cache', async () => {
    const { cpSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'quotebot-cli-skipped-'));
    cpSync(FIXTURE_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'broken.srt'), Buffer.from([0, 1, 2, 3, 0, 0, 7]));
    const env = { QUOTEBOT_CACHE_DIR: mkdtempSync(join(tmpdir(), 'quotebot-cli-cache-')) };
    const input = `${JSON.stringify({ id: 'q1', query: 'oolong tea' })}\n`;
    for (const pass of ['built', 'cache']) {
      const r = run(['search', '--json', '--transcripts', dir], input, env);
      expect(r.code, pass).toBe(0);
      expect(r.stderr, pass).toMatch(/^quotebot: skipped broken\.srt: not a text file \(binary data\)$/m);
      expect(JSON.parse(r.stdout.trim()).results.length, pass).toBeGreaterThan(0);
    }
  });
});
