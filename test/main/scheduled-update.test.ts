/**
 * UPDATE_EVERY in the running bot: the schedule runs the update of the followed sources (stand-in
 * yt-dlp), and the hot reload swaps the new video into the live index without a restart. Timers are
 * injected, so the period elapses when the test says so.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { addUrls } from '../../src/ingest/ingest.ts';
import type { Logger } from '../../src/logger.ts';
import { prepareService } from '../../src/app/startup.ts';
import { startScheduledUpdates } from '../../src/main.ts';
import { FIXTURE_DIR, recordingLogger } from '../core/helpers.ts';
import { CHANNEL_URL, STANDIN, workspace } from '../ingest/standin.ts';

const previousCache = process.env.QUOTEBOT_CACHE_DIR;
process.env.QUOTEBOT_CACHE_DIR = 'off';
afterAll(() => {
  if (previousCache === undefined) delete process.env.QUOTEBOT_CACHE_DIR;
  else process.env.QUOTEBOT_CACHE_DIR = previousCache;
});

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('scheduled update in the running bot', () => {
  it('is off by default, off with one warning without yt-dlp, and when on, its new files reach the live index', { timeout: 180_000 }, async () => {
    const ws = workspace();
    mkdirSync(ws.transcripts, { recursive: true });
    copyFileSync(join(FIXTURE_DIR, 'tea-notes.srt'), join(ws.transcripts, 'tea-notes.srt'));
    await addUrls([CHANNEL_URL], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp, follow: true });
    const recorder = recordingLogger();
    const logger = { ...recorder, debug: () => undefined, trace: () => undefined, fatal: recorder.error } as unknown as Logger;

    expect(await startScheduledUpdates(loadConfig({ TRANSCRIPTS_DIR: ws.transcripts }), logger)).toBeUndefined();
    const config = loadConfig({ TRANSCRIPTS_DIR: ws.transcripts, UPDATE_EVERY: '6h' });
    expect(config.updateEveryMs).toBe(6 * 3_600_000);
    expect(await startScheduledUpdates(config, logger, { env: { PATH: '/nonexistent' } })).toBeUndefined();
    expect(recorder.lines.at(-1)).toMatchObject({ level: 'warn', obj: 'UPDATE_EVERY is set but the scheduled update is off: yt-dlp is needed to add videos but it was not found on PATH: install it with "pipx install yt-dlp" (or "apt-get install yt-dlp", or the single-file download from github.com/yt-dlp/yt-dlp), or set YT_DLP to its path.' });

    const { bot, reloader } = await prepareService(config, logger);
    expect(bot.index.corpus.transcripts.map((t) => t.meta.id).sort()).toEqual(['rivers00001', 'rivers00002', 'tea-notes']);
    await reloader.start();
    const timers: Array<() => void> = [];
    Object.assign(process.env, ws.env); // the stand-in's catalogue, for the yt-dlp the schedule runs
    const schedule = await startScheduledUpdates(config, logger, { env: { YT_DLP: STANDIN }, timers: { setTimer: (fn) => timers.push(fn), clearTimer: () => undefined } });
    expect(schedule).toBeDefined();
    try {
      ws.catalog.videos.rivers00003 = { title: 'Floods', channel: 'Rivers', subtitles: { en: { file: 'talk.en.vtt' } } };
      ws.catalog.playlists['https://www.youtube.com/@rivers/videos']!.entries!.push('rivers00003');
      ws.save();
      timers[0]!();
      await schedule!.running();
      await until(() => bot.index.corpus.transcripts.some((t) => t.meta.id === 'rivers00003'), 'the hot reload to pick up the new video');
      const added = bot.index.corpus.transcripts.find((t) => t.meta.id === 'rivers00003')!;
      expect(added.meta.title).toBe('Floods');
      expect(recorder.lines.some((l) => l.msg === 'scheduled update: Added 1, already there 2, without captions 0, failed 0.')).toBe(true);
    } finally {
      schedule!.stop();
      await reloader.stop();
    }
  });
});
