import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/app/start-progress.ts';

describe('startProgress', () => {
  const run = (quietMs: number, msPerFile: number) => {
    const lines: string[] = [];
    let clock = 0;
    const progress = startProgress((_fields, line) => void lines.push(line), quietMs, () => clock);
    for (let i = 1; i <= 200; i++) {
      clock += msPerFile;
      progress.onFile(`f${i}.srt`, i, 200);
    }
    for (let i = 1; i <= 50; i++) {
      clock += msPerFile;
      progress.onBuild(i, 50);
    }
    return lines;
  };

  it('logs a line per tenth of each phase of a long start', () => {
    const lines = run(0, 100);
    expect(lines.filter((l) => l.startsWith('loading transcripts'))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith('indexing transcripts'))).toHaveLength(10);
    expect(lines).toContain('loading transcripts: 20 of 200 files (10%)');
    expect(lines.at(-1)).toBe('indexing transcripts: 50 of 50 transcripts (100%)');
  });

  it('logs nothing for a start shorter than quietMs, and only after quietMs of a longer one', () => {
    expect(run(2000, 1)).toEqual([]);
    const lines = run(2000, 20); // loading takes 4 s: its first 2 s are quiet
    expect(lines[0]).toBe('loading transcripts: 101 of 200 files (51%)');
  });
});
