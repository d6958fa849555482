import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { addUrls, updateSources } from '../../src/ingest/ingest.ts';
import { withIngestLock, IngestBusyError } from '../../src/ingest/lock.ts';
import { listFiles } from '../../src/ingest/present.ts';
import { NothingToRemoveError, removeTarget } from '../../src/ingest/remove.ts';
import { readSources, sourcesPath } from '../../src/ingest/store.ts';
import { sourcesLines, summaryLines } from '../../src/ingest/summary.ts';
import { CHANNEL_URL, PLAYLIST_URL, watch, workspace, SLOW_MS } from './standin.ts';

const byId = <T extends { id?: string }>(outcomes: T[]) => Object.fromEntries(outcomes.map((o) => [o.id ?? '(url)', o])) as Record<string, T>;

describe('addUrls with the stand-in yt-dlp', { timeout: SLOW_MS }, () => {
  it('a channel URL: lists its tabs, writes captions + info into the channel folder, prefers uploader captions and records the choice', async () => {
    const ws = workspace();
    const summary = await addUrls([CHANNEL_URL], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp });
    expect(summary.counts).toEqual({ added: 2, present: 0, withoutCaptions: 0, failed: 0 });
    expect((await listFiles(ws.transcripts)).sort()).toEqual([
      'Rivers/Glaciers ⧸ ice [rivers00002].en-orig.vtt',
      'Rivers/Glaciers ⧸ ice [rivers00002].info.json',
      'Rivers/How rivers carve valleys [rivers00001].en.vtt',
      'Rivers/How rivers carve valleys [rivers00001].info.json',
    ]);
    const o = byId(summary.outcomes);
    expect(o.rivers00001).toMatchObject({ status: 'added', captions: { lang: 'en', kind: 'uploader', ext: 'vtt' } });
    expect(o.rivers00002).toMatchObject({ status: 'added', captions: { lang: 'en-orig', kind: 'auto', ext: 'vtt' } });
    const record = await readSources(ws.transcripts);
    expect(record.videos.rivers00001).toMatchObject({ folder: 'Rivers', captions: { kind: 'uploader' }, url: watch('rivers00001') });
    expect(record.videos.rivers00002!.captions.kind).toBe('auto');
    expect(record.sources).toEqual([]); // not followed without --follow
    // The uploader's track was the one written, not the auto-captions.
    expect(readFileSync(join(ws.transcripts, 'Rivers/How rivers carve valleys [rivers00001].en.vtt'), 'utf8')).toContain('Rivers carve valleys');
    // Media is never downloaded and every run ignores the user's yt-dlp config.
    for (const call of ws.calls()) expect(call[0]).toBe('--ignore-config');
    for (const call of ws.calls().filter((c) => c.includes('--load-info-json'))) expect(call).toContain('--skip-download');
    // The loader reads what was written, with the sidecar metadata; the staging folder is gone.
    const corpus = await loadCorpus(ws.transcripts);
    expect(corpus.skipped).toEqual([]);
    expect(corpus.transcripts.map((t) => [t.meta.id, t.meta.title]).sort()).toEqual([
      ['rivers00001', 'How rivers carve valleys'],
      ['rivers00002', 'Glaciers / ice'],
    ]);
    expect(readdirSync(join(ws.transcripts, '.quotebot'))).toEqual(['sources.json']);
  });

  it('a playlist: every path of one video, with per-video reasons, nothing half-written', async () => {
    const ws = workspace();
    const summary = await addUrls([PLAYLIST_URL], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp, langs: ['en'] });
    const o = byId(summary.outcomes);
    expect(o.deserts0001).toMatchObject({ status: 'added', captions: { lang: 'en-GB', kind: 'uploader', ext: 'srt' } }); // ttml skipped for srt
    expect(o.autoonly001).toMatchObject({ status: 'added', captions: { lang: 'en', kind: 'auto', ext: 'vtt' } }); // vtt before json3
    expect(o.nocaptions1).toMatchObject({ status: 'no-captions', reason: 'no en captions (has: fr)' });
    expect(o.privatevid1).toMatchObject({ status: 'failed', reason: 'private video' });
    expect(o.ageblocked1).toMatchObject({ status: 'failed', reason: 'age-restricted: the site wants a signed-in account' });
    expect(o.ratelimit01).toMatchObject({ status: 'failed', reason: 'rate-limited by the site (HTTP 429); try again later' });
    expect(o.netdown0001).toMatchObject({ status: 'failed', reason: 'network problem: the site could not be reached' });
    expect(o.translated1).toMatchObject({ status: 'no-captions' }); // English auto-captions of a German video are a translation
    expect(o.translated1!.reason).toMatch(/^no en captions \(has: de \(auto\)\)$/);
    expect(o.livechat001).toMatchObject({ status: 'added', captions: { lang: 'en', kind: 'uploader' } });
    expect(o.suberror001).toMatchObject({ status: 'failed', reason: "Unable to download video subtitles for 'en': HTTP Error 404: Not Found" });
    expect(summary.counts).toEqual({ added: 3, present: 0, withoutCaptions: 2, failed: 5 });
    const files = await listFiles(ws.transcripts);
    expect(files.some((f) => f.includes('live_chat'))).toBe(false);
    expect(files.some((f) => /suberror001|privatevid1/.test(f))).toBe(false);
    expect(files.sort()).toEqual([
      'Deserts Channel/Auto only [autoonly001].en.vtt',
      'Deserts Channel/Auto only [autoonly001].info.json',
      'Deserts Channel/Desert water [deserts0001].en-GB.srt',
      'Deserts Channel/Desert water [deserts0001].info.json',
      'Deserts Channel/Live stream replay [livechat001].en.vtt',
      'Deserts Channel/Live stream replay [livechat001].info.json',
    ]);
    expect(existsSync(join(ws.transcripts, '.quotebot/incoming'))).toBe(false);
    const lines = summaryLines(summary);
    expect(lines[0]).toBe('Added 3, already there 0, without captions 2, failed 5.');
    expect(lines).toContain('Failed: Private one [privatevid1]: private video');
    expect(lines).toContain('Without captions: Silent film [nocaptions1]: no en captions (has: fr)');
    expect(lines).toContain('Added: Desert water [deserts0001] (en-GB, uploader captions)');
  });

  it('another language by --lang / CAPTION_LANGS order: German first, English second', async () => {
    const ws = workspace();
    const summary = await addUrls([watch('deserts0001'), watch('rivers00002')], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp, langs: ['de', 'en'] });
    const o = byId(summary.outcomes);
    expect(o.deserts0001).toMatchObject({ status: 'added', captions: { lang: 'de', kind: 'uploader' } });
    expect(o.rivers00002).toMatchObject({ status: 'added', captions: { lang: 'en-orig', kind: 'auto' } });
  });

  it('skips videos already present by id (recorded, or dropped in by hand with a [ID] name) and unknown or unreachable URLs fail with a reason', async () => {
    const ws = workspace();
    mkdirSync(join(ws.transcripts, 'by hand'), { recursive: true });
    writeFileSync(join(ws.transcripts, 'by hand', 'Old copy [rivers00002].en.vtt'), 'WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n');
    await addUrls([watch('rivers00001')], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp });
    const before = ws.calls().length;
    const summary = await addUrls([CHANNEL_URL, 'https://example.org/not-a-video', 'https://www.youtube.com/@offline'], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp });
    expect(summary.counts).toEqual({ added: 0, present: 2, withoutCaptions: 0, failed: 2 });
    const o = byId(summary.outcomes);
    expect(o.rivers00001).toMatchObject({ status: 'present', title: 'How rivers carve valleys' });
    expect(summary.outcomes.filter((x) => x.status === 'failed').map((x) => [x.url, x.reason])).toEqual([
      ['https://example.org/not-a-video', 'yt-dlp does not know this URL (unsupported URL)'],
      ['https://www.youtube.com/@offline', 'network problem: the site could not be reached'],
    ]);
    // Present videos cost no per-video yt-dlp run: only the listings ran (channel, its tab, two failures).
    expect(ws.calls().length - before).toBe(4);
  });

  it('add --follow records the source; update fetches only what it uploaded since; sources lists it; remove drops it and its files', async () => {
    const ws = workspace();
    let now = new Date('2026-12-06T04:00:00Z');
    const clock = () => now;
    const first = await addUrls([CHANNEL_URL], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp, follow: true, now: clock });
    expect(first.counts.added).toBe(2);
    let record = await readSources(ws.transcripts);
    expect(record.sources).toEqual([
      { url: CHANNEL_URL, id: 'UCrivers', title: 'Rivers', followedAt: '2026-12-06T04:00:00.000Z', lastUpdate: '2026-12-06T04:00:00.000Z', lastResult: { added: 2, present: 0, withoutCaptions: 0, failed: 0 } },
    ]);
    // Nothing new: update adds nothing and runs no per-video fetch.
    now = new Date('2026-12-06T10:00:00Z');
    const idle = await updateSources({ transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp, now: clock });
    expect(idle.counts).toEqual({ added: 0, present: 2, withoutCaptions: 0, failed: 0 });
    // The channel uploads a video.
    ws.catalog.videos.rivers00003 = { title: 'Floods', channel: 'Rivers', subtitles: { en: { file: 'talk.en.vtt' } } };
    ws.catalog.playlists['https://www.youtube.com/@rivers/videos']!.entries!.unshift('rivers00003');
    ws.save();
    now = new Date('2026-12-06T16:00:00Z');
    const update = await updateSources({ transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp, now: clock });
    expect(update.counts).toEqual({ added: 1, present: 2, withoutCaptions: 0, failed: 0 });
    expect(update.outcomes.find((o) => o.status === 'added')!.id).toBe('rivers00003');
    record = await readSources(ws.transcripts);
    expect(record.videos.rivers00003!.source).toBe(CHANNEL_URL);
    expect(sourcesLines(record)).toEqual([
      'Rivers [UCrivers]',
      `  ${CHANNEL_URL}`,
      '  3 videos; last update 2026-12-06 16:00:00 UTC (added 1, already there 2, without captions 0, failed 0)',
      '3 videos added with quotebot add.',
    ]);
    // A video by id, then the source by its id.
    const video = await removeTarget(ws.transcripts, watch('rivers00003'));
    expect(video).toMatchObject({ kind: 'video', label: 'Floods', videos: 1 });
    expect(video.files).toHaveLength(2);
    const source = await removeTarget(ws.transcripts, 'UCrivers');
    expect(source).toMatchObject({ kind: 'source', label: 'Rivers', videos: 2 });
    expect(await listFiles(ws.transcripts)).toEqual([]);
    expect(readdirSync(ws.transcripts)).toEqual(['.quotebot']); // the emptied channel folder went too
    record = await readSources(ws.transcripts);
    expect(record).toEqual({ version: 1, sources: [], videos: {} });
    await expect(removeTarget(ws.transcripts, 'rivers00001')).rejects.toBeInstanceOf(NothingToRemoveError);
    // Update with nothing followed says how to follow.
    expect((await updateSources({ transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp })).notes[0]).toMatch(/add --follow/);
  });

  it('removes a video dropped in by hand by its [ID]; a single video followed is added, not followed', async () => {
    const ws = workspace();
    mkdirSync(join(ws.transcripts, 'mine'), { recursive: true });
    writeFileSync(join(ws.transcripts, 'mine', 'Talk [handmade001].en.vtt'), 'WEBVTT\n');
    writeFileSync(join(ws.transcripts, 'mine', 'Talk [handmade001].info.json'), '{}');
    writeFileSync(join(ws.transcripts, 'mine', 'Other.srt'), '');
    expect((await removeTarget(ws.transcripts, 'handmade001')).files.sort()).toEqual(['mine/Talk [handmade001].en.vtt', 'mine/Talk [handmade001].info.json']);
    expect(await listFiles(ws.transcripts)).toEqual(['mine/Other.srt']);
    const summary = await addUrls([watch('rivers00001')], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp, follow: true });
    expect(summary.counts.added).toBe(1);
    expect(summary.notes[0]).toMatch(/is a single video, so it is added but not followed/);
    expect((await readSources(ws.transcripts)).sources).toEqual([]);
  });

  it('a malformed sources.json is reported, never overwritten; a second process adding to the folder is refused', async () => {
    const ws = workspace();
    mkdirSync(join(ws.transcripts, '.quotebot'), { recursive: true });
    writeFileSync(sourcesPath(ws.transcripts), '{"version": 1, "sources": [');
    await expect(addUrls([watch('rivers00001')], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp })).rejects.toThrow(/sources.json is not valid JSON/);
    expect(readFileSync(sourcesPath(ws.transcripts), 'utf8')).toBe('{"version": 1, "sources": [');
    writeFileSync(sourcesPath(ws.transcripts), '{"version":1,"sources":[],"videos":{}}');
    // A live process (the test runner's parent) holds the lock file.
    writeFileSync(join(ws.transcripts, '.quotebot', 'lock'), String(process.ppid));
    await expect(addUrls([watch('rivers00001')], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp })).rejects.toBeInstanceOf(IngestBusyError);
    // A lock whose process is gone is taken over.
    writeFileSync(join(ws.transcripts, '.quotebot', 'lock'), '999999999');
    expect(await withIngestLock(ws.transcripts, async () => 'ran')).toBe('ran');
  });
});

describe('a YouTube video already in the folder', { timeout: SLOW_MS }, () => {
  it('is "already there" without running yt-dlp at all (works offline, e.g. the bundled transcript)', async () => {
    const ws = workspace();
    mkdirSync(join(ws.transcripts, 'x'), { recursive: true });
    writeFileSync(join(ws.transcripts, 'x', 'Ilya [f96Xrg4uNik].txt'), 'hello');
    const summary = await addUrls(['https://www.youtube.com/watch?v=f96Xrg4uNik', 'https://youtu.be/f96Xrg4uNik'], { transcriptsDir: ws.transcripts, ytdlp: ws.ytdlp });
    expect(summary.counts).toEqual({ added: 0, present: 1, withoutCaptions: 0, failed: 0 });
    expect(ws.calls()).toEqual([]);
  });
});
