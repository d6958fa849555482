import { describe, expect, it } from 'vitest';
import { chooseCaptions } from '../../src/ingest/captions.ts';
import { channelFolder, folderName } from '../../src/ingest/fetch-video.ts';
import { idInFileName } from '../../src/ingest/present.ts';
import { failureReason, lastErrorLine } from '../../src/ingest/reasons.ts';
import { parseTarget, youtubeIdOf } from '../../src/ingest/targets.ts';
import { findYtDlp, YtDlpMissingError, YtDlpRunError } from '../../src/ingest/ytdlp.ts';
import { STANDIN, STANDIN_DIR } from './standin.ts';

describe('parseTarget', () => {
  it('accepts http(s) URLs and bare video ids', () => {
    expect(parseTarget('dQw4w9WgXcQ')).toEqual({ ok: true, url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
    expect(parseTarget(' https://www.youtube.com/@channel ')).toEqual({ ok: true, url: 'https://www.youtube.com/@channel' });
    expect(parseTarget('http://127.0.0.1:8000/talk.html')).toEqual({ ok: true, url: 'http://127.0.0.1:8000/talk.html' });
  });
  it.each([
    ['file:///etc/passwd', 'is a file: address, not http(s)'],
    ['ftp://example.org/x', 'is a ftp: address, not http(s)'],
    ['--exec=rm -rf /', 'contains spaces'],
    ['--exec', 'is not a URL'],
    ['javascript:alert(1)', 'is a javascript: address, not http(s)'],
    ['https://user:pw@example.org/v', 'carries a user name or password'],
    ['', 'is empty'],
    ['dQw4w9WgXc', 'is not a URL'],
  ])('refuses %j: %s', (input, why) => {
    const t = parseTarget(input);
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.message).toContain(why);
    if (!t.ok) expect(t.message).toContain('give an http(s) URL of a video, playlist or channel, or an 11-character YouTube video id');
  });
  it('finds the YouTube id in the usual link shapes', () => {
    expect(youtubeIdOf('https://youtu.be/dQw4w9WgXcQ?t=3')).toBe('dQw4w9WgXcQ');
    expect(youtubeIdOf('https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=x')).toBe('dQw4w9WgXcQ');
    expect(youtubeIdOf('https://www.youtube.com/shorts/dQw4w9WgXcQ')).toBe('dQw4w9WgXcQ');
    expect(youtubeIdOf('https://example.org/watch?v=dQw4w9WgXcQ')).toBeUndefined();
    expect(youtubeIdOf('not a url')).toBeUndefined();
  });
});

describe('chooseCaptions', () => {
  const vtt = [{ ext: 'vtt' }];
  it('prefers the uploader, the exact code, readable formats; auto-captions only in the original language', () => {
    expect(chooseCaptions({ subtitles: { 'en-US': vtt, en: [{ ext: 'srv3' }, { ext: 'srt' }] }, automatic_captions: { en: vtt } }, ['en'])).toEqual({ ok: true, choice: { lang: 'en', kind: 'uploader', ext: 'srt' } });
    expect(chooseCaptions({ subtitles: { live_chat: [{ ext: 'json' }] }, automatic_captions: { 'en-orig': vtt, en: vtt } }, ['en'])).toEqual({ ok: true, choice: { lang: 'en-orig', kind: 'auto', ext: 'vtt' } });
    expect(chooseCaptions({ automatic_captions: { 'fr-orig': vtt, en: vtt } }, ['en'])).toEqual({ ok: false, reason: 'no en captions (has: fr (auto))' });
    expect(chooseCaptions({ subtitles: { en: [{ ext: 'ttml' }] } }, ['en'])).toEqual({ ok: false, reason: 'captions only in formats quotebot cannot read: en (ttml)' });
    expect(chooseCaptions({ subtitles: { live_chat: [{ ext: 'json' }] } }, ['en'])).toEqual({ ok: false, reason: 'no captions' });
    expect(chooseCaptions({}, ['de', 'en'])).toEqual({ ok: false, reason: 'no captions' });
  });
});

describe('failure reasons', () => {
  const run = (stderr: string) => failureReason(new YtDlpRunError('yt-dlp exited with code 1', stderr, 1));
  it('names the usual yt-dlp failures and keeps other ERROR lines without the boilerplate', () => {
    expect(run("ERROR: [youtube] x: Private video. Sign in if you've been granted access")).toBe('private video');
    expect(run('ERROR: [generic] None: Unable to download webpage: <urlopen error [Errno 111] Connection refused> (caused by URLError(...))')).toBe('network problem: the site could not be reached');
    expect(run('ERROR: [generic] None: Unable to download webpage: HTTP Error 404: File not found (caused by <HTTPError 404>); please report this issue on ...')).toBe('page not found (HTTP 404): check the address');
    expect(run('ERROR: Unsupported URL: http://127.0.0.1:1/plain.html')).toBe('yt-dlp does not know this URL (unsupported URL)');
    expect(run('WARNING: meh\nERROR: [vimeo] 1: Something odd happened; please report this issue on https://github.com/...')).toBe('[vimeo] 1: Something odd happened');
    expect(run('')).toBe('yt-dlp exited with code 1');
    expect(lastErrorLine('nothing here')).toBeUndefined();
    expect(failureReason(new Error('first line\nsecond'))).toBe('first line');
  });
});

describe('file and folder names', () => {
  it('channel folders are safe names; ids come from [ID] before the extension', () => {
    expect(folderName('../AC/DC: live?')).toBe('AC_DC_ live');
    expect(folderName('...')).toBe('videos');
    expect(channelFolder({ webpage_url_domain: '127.0.0.1:8765' })).toBe('127.0.0.1_8765');
    expect(channelFolder({ channel: 'Rivers', uploader: 'x' })).toBe('Rivers');
    expect(idInFileName('Talk [abc123def45].en-GB.vtt')).toBe('abc123def45');
    expect(idInFileName('Talk [abc123def45].info.json')).toBe('abc123def45');
    expect(idInFileName('Local Talk (1) [index-1].en.vtt')).toBe('index-1');
    expect(idInFileName('notes.txt')).toBeUndefined();
  });
});

describe('findYtDlp', () => {
  it('uses YT_DLP, else PATH; missing yt-dlp is one line with how to install it', async () => {
    expect(await findYtDlp({ YT_DLP: STANDIN, PATH: '' })).toEqual({ path: STANDIN });
    expect(await findYtDlp({ PATH: `/nonexistent:${STANDIN_DIR}` })).toEqual({ path: STANDIN });
    const missing = await findYtDlp({ PATH: '/nonexistent' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(YtDlpMissingError);
    expect((missing as Error).message).toBe(
      'yt-dlp is needed to add videos but it was not found on PATH: install it with "pipx install yt-dlp" (or "apt-get install yt-dlp", or the single-file download from github.com/yt-dlp/yt-dlp), or set YT_DLP to its path.',
    );
    await expect(findYtDlp({ YT_DLP: '/nonexistent/yt-dlp' })).rejects.toThrow(/YT_DLP=\/nonexistent\/yt-dlp is not an executable file/);
  });
});
