import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHealth, HealthBoard, STALE_AFTER_MS } from '../src/health.ts';

const file = () => join(mkdtempSync(join(tmpdir(), 'qb-health-')), 'health.json');

describe('checkHealth', () => {
  it('is healthy only when the process is alive, the file fresh and every adapter connected', async () => {
    const board = new HealthBoard();
    board.set('discord', 'connected');
    board.set('slack', 'reconnecting', 'Socket Mode connection lost; reconnecting');
    const path = file();
    writeFileSync(path, JSON.stringify(board.report()));
    const degraded = await checkHealth(path);
    expect(degraded.code).toBe(1);
    expect(degraded.lines).toEqual([
      `unhealthy: process ${process.pid}: not every platform is connected`,
      expect.stringMatching(/^discord: connected since /),
      expect.stringMatching(/^slack: reconnecting since .* \(Socket Mode connection lost; reconnecting\)$/),
    ]);
    board.set('slack', 'connected');
    writeFileSync(path, JSON.stringify(board.report()));
    expect((await checkHealth(path)).code).toBe(0);
    // The same file read much later: the process stopped reporting (hung).
    const later = await checkHealth(path, Date.now() + STALE_AFTER_MS + 5000);
    expect(later.code).toBe(1);
    expect(later.lines[0]).toMatch(/last reported \d+ s ago/);
    // Left over from a process that is gone.
    writeFileSync(path, JSON.stringify({ ...board.report(), pid: 2 ** 22 + 12345 }));
    expect((await checkHealth(path)).lines[0]).toMatch(/is not running/);
  });
});
