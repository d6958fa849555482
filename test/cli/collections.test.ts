/** `--collection` on the command line: search --json and ask answer from the named collections only. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectionNames } from '../../src/cli/collections.ts';
import { ROOT } from '../core/helpers.ts';

const BIN = join(ROOT, 'bin/quotebot.js');
const DIR = fileURLToPath(new URL('../fixtures/collections', import.meta.url));
const CWD = mkdtempSync(join(tmpdir(), 'quotebot-cli-'));
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME, TRANSCRIPTS_DIR: DIR, QUOTEBOT_DB: 'off', QUOTEBOT_CACHE_DIR: 'off' };

function run(args: string[], input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: CWD, input, encoding: 'utf8', env: ENV, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--collection', () => {
  it('reads comma-separated and repeated names', () => {
    expect(collectionNames(['kitchen, garden', 'kitchen'])).toEqual(['kitchen', 'garden']);
    expect(collectionNames(undefined)).toEqual([]);
  });

  it('search --json and ask answer from the named collections only; an unknown one exits 2 naming the existing ones', () => {
    const videos = (stdout: string) => [...new Set(JSON.parse(stdout.trim()).results.map((r: { video: string }) => r.video))].sort();
    const query = '{"id":"q","query":"compost"}\n';
    expect(videos(run(['search', '--json', '--top', '5'], query).stdout)).toEqual(['gardenCmp1', 'kitchenBrd1', 'topLevel001']);
    expect(videos(run(['search', '--json', '--top', '5', '--collection', 'kitchen'], query).stdout)).toEqual(['kitchenBrd1']);
    const ask = run(['ask', 'compost', '--count', '5', '-c', 'garden']);
    expect(ask.code).toBe(0);
    expect(ask.stdout).toContain('gardenCmp1@');
    expect(ask.stdout).not.toMatch(/kitchenBrd1@|topLevel001@/);
    const bad = run(['search', '--json', '--collection', 'bakery'], query);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('There is no collection "bakery". Collections: garden, kitchen');
  });
});
