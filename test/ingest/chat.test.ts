import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleChat } from '../../src/adapters/console/chat.ts';
import { QuoteBot } from '../../src/core/bot.ts';
import { startChatAdd } from '../../src/ingest/chat.ts';
import { withIngestLock } from '../../src/ingest/lock.ts';
import { listFiles } from '../../src/ingest/present.ts';
import { FIXTURE_DIR, indexOf, recordingLogger } from '../core/helpers.ts';
import { CHANNEL_URL, PLAYLIST_URL, STANDIN, workspace, SLOW_MS } from './standin.ts';

describe('startChatAdd (the chat add downloader) with the stand-in yt-dlp', { timeout: SLOW_MS }, () => {
  it('resolves once listed with the number of videos; the summary follows; refusals are one line', async () => {
    const ws = workspace();
    const logger = recordingLogger();
    const env = { YT_DLP: STANDIN };
    Object.assign(process.env, ws.env); // the catalogue for the stand-in yt-dlp runs
    const options = { transcriptsDir: ws.transcripts, langs: ['en'], logger, env };
    const start = await startChatAdd(PLAYLIST_URL, options);
    expect(start.videos).toBe(10);
    expect(start.refused).toBeUndefined();
    const lines = await start.done;
    expect(lines[0]).toBe('Added 3, already there 0, without captions 2, failed 5.');
    expect(lines).toContain('Failed: Age gated [ageblocked1]: age-restricted: the site wants a signed-in account');
    expect(logger.lines.at(-1)).toMatchObject({ level: 'info', msg: 'chat add: Added 3, already there 0, without captions 2, failed 5.' });

    expect((await startChatAdd('file:///etc/passwd', options)).refused).toBe('"file:///etc/passwd" is a file: address, not http(s); give an http(s) URL of a video, playlist or channel, or an 11-character YouTube video id.');
    expect((await startChatAdd(CHANNEL_URL, { ...options, env: { PATH: '/nonexistent' } })).refused).toMatch(/^Yt-dlp is needed to add videos but it was not found on PATH: install it with/);
    // Another run on the folder (here: this process's own, queued) is waited for; another process's is refused.
    const unreachable = await startChatAdd('https://www.youtube.com/@offline', options);
    expect(unreachable.videos).toBe(0);
    expect(await unreachable.done).toEqual(['Added 0, already there 0, without captions 0, failed 1.', 'Failed: https://www.youtube.com/@offline: network problem: the site could not be reached']);
    let release!: () => void;
    let taken!: () => void;
    const lockTaken = new Promise<void>((r) => (taken = r));
    const held = withIngestLock(ws.transcripts, () => new Promise<void>((r) => { release = r; taken(); }));
    await lockTaken;
    const queued = startChatAdd(CHANNEL_URL, options);
    release();
    await held;
    expect((await queued).videos).toBe(2);
    await (await queued).done;
  });

  it('in the console chat: "fetching 2 videos", then the summary, and the files are there', async () => {
    const ws = workspace();
    const env = { YT_DLP: STANDIN };
    Object.assign(process.env, ws.env);
    const bot = new QuoteBot(await indexOf(FIXTURE_DIR), { addVideos: (url) => startChatAdd(url, { transcriptsDir: ws.transcripts, langs: ['en'], logger: recordingLogger(), env }) });
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => (text += chunk));
    input.end(`add ${CHANNEL_URL}\n`);
    await runConsoleChat(bot, { input, output, interactive: false });
    expect(text).toBe(
      [
        `Fetching 2 videos from ${CHANNEL_URL} ... the summary follows when they are done.`,
        '',
        'Added 2, already there 0, without captions 0, failed 0.',
        'Added: How rivers carve valleys [rivers00001] (en, uploader captions)',
        'Added: Glaciers / ice [rivers00002] (en-orig, automatic captions)',
        '',
      ].join('\n'),
    );
    expect(await listFiles(ws.transcripts)).toHaveLength(4);
  });
});
