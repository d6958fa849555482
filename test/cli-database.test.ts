/** The database from the command line: a console session that sets, votes and reports; `quotebot report`; a bad file at start. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SEED_DIR } from './core/helpers.ts';

const BIN = join(ROOT, 'bin/quotebot.js');
const CWD = mkdtempSync(join(tmpdir(), 'quotebot-db-cli-'));
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, TRANSCRIPTS_DIR: SEED_DIR, QUOTEBOT_CACHE_DIR: 'off' };

function run(args: string[], input = '', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: CWD, input, encoding: 'utf8', env: { ...ENV, ...env }, timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the database from the command line', () => {
  it('a console session keeps settings, votes and questions in .data/quotebot.db, and quotebot report reads them', () => {
    const first = run(['start'], 'settings count 2\nquote training\nfeedback helpful\nquote bananas\n');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('count is now 2 for this server.');
    expect(first.stdout).toContain('(1-2 of 8)');
    expect(first.stdout).toContain('Thanks: recorded as helpful.');
    const secret = join(CWD, '.data', 'quotebot.secret');
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(readFileSync(secret, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);

    const second = run(['start'], 'settings\n');
    expect(second.stdout).toContain('count: 2 (this server)');

    const report = run(['report', '--days', '7']);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('Questions asked: 2; answered: 1 (50%)');
    expect(report.stdout).toMatch(/Nobody could answer \(add videos about these\):\n {2}1 x bananas\n/);
    expect(report.stdout).toMatch(/Quotes voted most helpful:\n {2}f96Xrg4uNik@\d+: 1 helpful, 0 not helpful/);
    expect(run(['report', '--days', 'lots']).stderr).toMatch(/--days must be a whole number from 1 to 3650/);
  }, 120_000);

  it('a file that is not a database stops the start with one line', () => {
    const file = join(CWD, 'notes.db');
    writeFileSync(file, 'shopping list: eggs, milk, bread\n'.repeat(100));
    const r = run(['start'], 'quote training\n', { QUOTEBOT_DB: file });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^quotebot: database .*notes\.db: the file is not a usable SQLite database/);
  }, 60_000);
});
