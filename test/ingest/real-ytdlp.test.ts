/**
 * The real yt-dlp end to end: an HTML5 page with <video> and <track kind="subtitles"> served from
 * 127.0.0.1 by this test, read by yt-dlp's generic extractor through `quotebot add`, `update`, `sources`
 * and `remove`. Needs yt-dlp on PATH (or YT_DLP): `.ci/run` installs the Debian package. Without it the
 * test FAILS under CI=true and is skipped with a loud message elsewhere, never passed silently.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { listFiles } from '../../src/ingest/present.ts';
import { readSources } from '../../src/ingest/store.ts';
import { findYtDlp, ytDlpVersion, type YtDlp } from '../../src/ingest/ytdlp.ts';
import { ROOT } from '../core/helpers.ts';

const BIN = join(ROOT, 'bin/quotebot.js');
const found: YtDlp | undefined = await findYtDlp(process.env).catch(() => undefined);
const inCI = process.env.CI === 'true' || process.env.CI === '1';
const MISSING = 'yt-dlp is not installed (not on PATH, no YT_DLP): the real yt-dlp end-to-end test cannot run. Install it with "apt-get install yt-dlp" (.ci/run does).';
if (!found && !inCI) {
  process.stderr.write(`\n${'!'.repeat(100)}\n!!! SKIPPED: ${MISSING}\n${'!'.repeat(100)}\n\n`);
}

const vtt = (lines: string[]) => `WEBVTT\n\n${lines.map((l, i) => `00:00:0${i * 3}.000 --> 00:00:0${i * 3 + 2}.500\n${l}\n`).join('\n')}`;
const video = (n: number, lang: string) => `<video controls><source src="media/talk${n}.mp4" type="video/mp4"><track kind="subtitles" srclang="${lang}" src="subs/talk${n}.${lang}.vtt" label="${lang}"></video>`;

/** The little site: pages, captions, and a request log (to prove media is never fetched). */
function site() {
  const pages: Record<string, string> = {
    '/rivers.html': `<!DOCTYPE html><html><head><title>Rivers of the World</title></head><body>${video(1, 'en')}</body></html>`,
    '/plain.html': '<!DOCTYPE html><html><head><title>No video here</title></head><body><p>Nothing to watch.</p></body></html>',
  };
  const files: Record<string, string> = {
    '/subs/talk1.en.vtt': vtt(['Rivers carve valleys over thousands of years.', 'The delta forms where the river meets the sea.']),
    '/subs/talk2.en.vtt': vtt(['Glaciers move slowly but they shape mountains.']),
    '/subs/talk3.de.vtt': vtt(['Die Wüste speichert Wasser tief unter der Erde.']),
    '/subs/talk4.en.vtt': vtt(['A new upload about estuaries and tides.']),
  };
  const setPlaylist = (videos: string[]) => {
    pages['/series.html'] = `<!DOCTYPE html><html><head><title>Landforms Series</title></head><body>${videos.join('\n')}</body></html>`;
  };
  setPlaylist([video(2, 'en'), video(3, 'de')]);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const page = pages[path];
    const file = files[path];
    if (page !== undefined) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    else if (file !== undefined) res.writeHead(200, { 'content-type': 'text/vtt; charset=utf-8' }).end(file);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  return { server, requests, setPlaylist };
}

function quotebot(args: string[], transcripts: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // Only what quotebot and yt-dlp need; no proxy may route 127.0.0.1 elsewhere.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TRANSCRIPTS_DIR: transcripts, NO_PROXY: '*', no_proxy: '*', ...(process.env.YT_DLP ? { YT_DLP: process.env.YT_DLP } : {}) };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.runIf(found || inCI)('quotebot add with the real yt-dlp on a page served from 127.0.0.1', () => {
  const s = site();
  let base = '';
  const transcripts = join(mkdtempSync(join(tmpdir(), 'quotebot-real-ytdlp-')), 'transcripts');

  beforeAll(async () => {
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => s.server.close(resolve));
  });

  it('yt-dlp is installed', { timeout: 120_000 }, async () => {
    if (!found) throw new Error(MISSING);
    expect(await ytDlpVersion(found)).toMatch(/^\d{4}\.\d\d\.\d\d/);
  });

  it.runIf(found)('add / add --follow / update / sources / remove', { timeout: 900_000 }, async () => {
    const folder = `127.0.0.1_${base.split(':').pop()}`;
    // One video page.
    const add = await quotebot(['add', `${base}/rivers.html`], transcripts);
    expect(add.stderr).toContain(`quotebot: listing ${base}/rivers.html`);
    expect(add.stdout).toBe('Added 1, already there 0, without captions 0, failed 0.\nAdded: Rivers of the World (1) [rivers-1] (en, uploader captions)\n');
    expect(add.code).toBe(0);
    expect((await listFiles(transcripts)).sort()).toEqual([`${folder}/Rivers of the World (1) [rivers-1].en.vtt`, `${folder}/Rivers of the World (1) [rivers-1].info.json`]);
    const info = JSON.parse(readFileSync(join(transcripts, folder, 'Rivers of the World (1) [rivers-1].info.json'), 'utf8'));
    expect(info).toMatchObject({ id: 'rivers-1', webpage_url: `${base}/rivers.html` });
    const corpus = await loadCorpus(transcripts);
    expect(corpus.transcripts).toHaveLength(1);
    expect(corpus.transcripts[0]!.meta).toMatchObject({ id: 'rivers-1', title: 'Rivers of the World (1)' });
    expect(corpus.transcripts[0]!.cues.map((c) => c.text).join(' ')).toBe('Rivers carve valleys over thousands of years. The delta forms where the river meets the sea.');
    // Again: already there, no new files.
    expect((await quotebot(['add', `${base}/rivers.html`], transcripts)).stdout).toBe('Added 0, already there 1, without captions 0, failed 0.\n');

    // A page with two videos is a playlist: follow it. The German-only one has no English captions.
    const follow = await quotebot(['add', '--follow', `${base}/series.html`], transcripts);
    expect(follow.stdout).toBe(
      'Added 1, already there 0, without captions 1, failed 0.\nAdded: Landforms Series (1) [series-1] (en, uploader captions)\nWithout captions: Landforms Series (2) [series-2]: no en captions (has: de)\n',
    );
    expect(follow.code).toBe(0);
    // The page gets a new video; update fetches just that one.
    s.setPlaylist([video(2, 'en'), video(3, 'de'), video(4, 'en')]);
    const update = await quotebot(['update'], transcripts);
    expect(update.stdout).toBe(
      'Added 1, already there 1, without captions 1, failed 0.\nAdded: Landforms Series (3) [series-3] (en, uploader captions)\nWithout captions: Landforms Series (2) [series-2]: no en captions (has: de)\n',
    );
    const sources = await quotebot(['sources'], transcripts);
    expect(sources.stdout).toMatch(new RegExp(`^Landforms Series \\[series\\]\\n  ${base}/series.html\\n  2 videos; last update .* UTC \\(added 1, already there 1, without captions 1, failed 0\\)\\n3 videos added with quotebot add \\(1 not from a followed source\\)\\.\\n$`));
    expect((await readSources(transcripts)).videos['series-3']!.captions).toEqual({ lang: 'en', kind: 'uploader', ext: 'vtt' });

    // German by --lang.
    expect((await quotebot(['add', '--lang', 'de', `${base}/series.html`], transcripts)).stdout).toContain('Added: Landforms Series (2) [series-2] (de, uploader captions)');

    // yt-dlp's own failures become reasons.
    const bad = await quotebot(['add', `${base}/missing.html`, `${base}/plain.html`, 'http://127.0.0.1:1/closed.html'], transcripts);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe(
      [
        'Added 0, already there 0, without captions 0, failed 3.',
        `Failed: ${base}/missing.html: page not found (HTTP 404): check the address`,
        `Failed: ${base}/plain.html: yt-dlp does not know this URL (unsupported URL)`,
        'Failed: http://127.0.0.1:1/closed.html: network problem: the site could not be reached',
        '',
      ].join('\n'),
    );

    // Remove the followed page (its three videos), then the single video.
    const removeSource = await quotebot(['remove', `${base}/series.html`], transcripts);
    expect(removeSource.stdout.split('\n')[0]).toBe('Stopped following Landforms Series and removed its 3 videos (6 files).');
    const removeVideo = await quotebot(['remove', 'rivers-1'], transcripts);
    expect(removeVideo.stdout.split('\n')[0]).toBe('Removed Rivers of the World (1) (2 files).');
    expect(await listFiles(transcripts)).toEqual([]);
    expect(existsSync(join(transcripts, '.quotebot', 'incoming'))).toBe(false);
    // Media was never requested: only pages and captions.
    expect(s.requests.filter((p) => p.startsWith('/media/'))).toEqual([]);
    expect(s.requests.filter((p) => p.startsWith('/subs/')).sort()).toEqual(['/subs/talk1.en.vtt', '/subs/talk2.en.vtt', '/subs/talk3.de.vtt', '/subs/talk4.en.vtt']);
  });
});
