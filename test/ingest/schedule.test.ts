import { describe, expect, it } from 'vitest';
import { updateSources } from '../../src/ingest/ingest.ts';
import { readSources } from '../../src/ingest/store.ts';
import { addUrls } from '../../src/ingest/ingest.ts';
import { parseEvery, startUpdateSchedule } from '../../src/ingest/schedule.ts';
import { listFiles } from '../../src/ingest/present.ts';
import type { Logger } from '../../src/logger.ts';
import { recordingLogger } from '../core/helpers.ts';
import { CHANNEL_URL, workspace, SLOW_MS } from './standin.ts';

describe('parseEvery (UPDATE_EVERY)', () => {
  it('reads periods, off, and says what is wrong', () => {
    expect(parseEvery('6h')).toBe(6 * 3_600_000);
    expect(parseEvery('30m')).toBe(30 * 60_000);
    expect(parseEvery('1d')).toBe(86_400_000);
    expect(parseEvery('1h30m')).toBe(90 * 60_000);
    expect(parseEvery('off')).toBeNull();
    expect(parseEvery('0')).toBeNull();
    expect(parseEvery('6 hours')).toMatch(/is not a period/);
    expect(parseEvery('1m')).toMatch(/too often/);
    expect(parseEvery('99d')).toMatch(/too long/);
  });
});

describe('startUpdateSchedule', { timeout: SLOW_MS }, () => {
  it('runs the update every period with the stand-in yt-dlp and picks up a new upload; stop() ends it', async () => {
    const ws = workspace();
    await addUrls([CHANNEL_URL], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp, follow: true });
    const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
    const recorder = recordingLogger();
    const logger = recorder as unknown as Logger;
    const lines = () => recorder.lines;
    const schedule = startUpdateSchedule({
      everyMs: 6 * 3_600_000,
      update: () => updateSources({ transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp }),
      logger,
      setTimer: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearTimer: (h) => {
        (h as { cleared: boolean }).cleared = true;
      },
    });
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(6 * 3_600_000);
    expect(schedule.running()).toBeUndefined();
    // The channel uploads; the period elapses.
    ws.catalog.videos.rivers00003 = { title: 'Floods', channel: 'Rivers', subtitles: { en: { file: 'talk.en.vtt' } } };
    ws.catalog.playlists['https://www.youtube.com/@rivers/videos']!.entries!.push('rivers00003');
    ws.save();
    timers[0]!.fn();
    await schedule.running();
    expect((await listFiles(ws.transcripts)).filter((f) => f.includes('rivers00003'))).toHaveLength(2);
    expect((await readSources(ws.transcripts)).sources[0]!.lastResult).toEqual({ added: 1, present: 2, withoutCaptions: 0, failed: 0 });
    expect(lines().some((l) => l.msg === 'scheduled update: Added 1, already there 2, without captions 0, failed 0.')).toBe(true);
    // The next run is scheduled a period after this one ended; an update that throws is logged, and the schedule goes on.
    await Promise.resolve();
    expect(timers).toHaveLength(2);
    ws.catalog.errors = { [CHANNEL_URL]: 'network' };
    ws.save();
    timers[1]!.fn();
    await schedule.running();
    expect(lines().some((l) => typeof l.msg === 'string' && l.msg.startsWith('scheduled update: Added 0, already there 0, without captions 0, failed 1.'))).toBe(true);
    await Promise.resolve();
    expect(timers).toHaveLength(3);
    schedule.stop();
    expect(timers[2]!.cleared).toBe(true);
  });
});
