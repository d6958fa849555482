import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../core/helpers.ts';
import { CHANNEL_URL, PLAYLIST_URL, SLOW_MS, STANDIN, workspace } from '../ingest/standin.ts';

const BIN = join(ROOT, 'bin/quotebot.js');
const CWD = mkdtempSync(join(tmpdir(), 'quotebot-cli-ingest-'));
/** PATH with node (the stand-in's interpreter) and nothing else, so a real yt-dlp is never found (nor run). */
const NODE_ONLY_PATH = join(CWD, 'bin');
mkdirSync(NODE_ONLY_PATH);
symlinkSync(process.execPath, join(NODE_ONLY_PATH, 'node'));

function run(args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: CWD, encoding: 'utf8', env: { HOME: process.env.HOME, PATH: NODE_ONLY_PATH, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('quotebot add / update / sources / remove (stand-in yt-dlp)', { timeout: SLOW_MS }, () => {
  it('refuses what is not an http(s) URL or a video id, with one line and exit code 2', () => {
    const ws = workspace();
    const r = run(['add', 'file:///etc/passwd', '--transcripts', ws.transcripts], { YT_DLP: STANDIN, ...ws.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('quotebot: "file:///etc/passwd" is a file: address, not http(s); give an http(s) URL of a video, playlist or channel, or an 11-character YouTube video id.\n');
    expect(ws.calls()).toEqual([]);
    expect(run(['add', '--transcripts', ws.transcripts], {}).stderr).toMatch(/^quotebot: add needs a URL or video id/);
  });

  it('without yt-dlp: one clear line saying how to install it, exit code 1', () => {
    const ws = workspace();
    const r = run(['add', 'dQw4w9WgXcQ', '--transcripts', ws.transcripts], {});
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'quotebot: yt-dlp is needed to add videos but it was not found on PATH: install it with "pipx install yt-dlp" (or "apt-get install yt-dlp", or the single-file download from github.com/yt-dlp/yt-dlp), or set YT_DLP to its path.',
    ]);
    expect(run(['update', '--transcripts', ws.transcripts], { YT_DLP: '/nowhere/yt-dlp' }).stderr).toMatch(/^quotebot: yt-dlp is needed to add videos but YT_DLP=\/nowhere\/yt-dlp is not an executable file: install it/);
  });

  it('a playlist: plain progress lines off a terminal, the summary on stdout, exit 1 because some failed', () => {
    const ws = workspace();
    const r = run(['add', PLAYLIST_URL, '--transcripts', ws.transcripts], { YT_DLP: STANDIN, ...ws.env });
    expect(r.code).toBe(1);
    const progress = r.stderr.trim().split('\n');
    expect(progress[0]).toBe(`quotebot: listing ${PLAYLIST_URL}`);
    expect(progress[1]).toBe('quotebot: 10 videos to look at');
    expect(progress[2]).toBe('quotebot: [1/10] added Desert water [deserts0001] (en-GB, uploader captions)');
    expect(progress).toContain('quotebot: [4/10] failed: Private one [privatevid1]: private video');
    expect(progress).toHaveLength(12);
    const summary = r.stdout.trim().split('\n');
    expect(summary[0]).toBe('Added 3, already there 0, without captions 2, failed 5.');
    expect(summary).toContain('Failed: Rate limited [ratelimit01]: rate-limited by the site (HTTP 429); try again later');
    expect(summary).toContain('Without captions: Silent film [nocaptions1]: no en captions (has: fr)');
    expect(r.stdout + r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack traces
  });

  it('follow, update, sources, remove, and --lang; CAPTION_LANGS is checked', () => {
    const ws = workspace();
    const env = { YT_DLP: STANDIN, ...ws.env, TRANSCRIPTS_DIR: ws.transcripts };
    const add = run(['add', '--follow', CHANNEL_URL], env);
    expect(add.code).toBe(0);
    expect(add.stdout).toBe(
      'Added 2, already there 0, without captions 0, failed 0.\nAdded: How rivers carve valleys [rivers00001] (en, uploader captions)\nAdded: Glaciers / ice [rivers00002] (en-orig, automatic captions)\n',
    );
    const update = run(['update'], env);
    expect(update.code).toBe(0);
    expect(update.stdout).toBe('Added 0, already there 2, without captions 0, failed 0.\n');
    const sources = run(['sources'], env);
    expect(sources.stdout.split('\n').slice(0, 3)).toEqual(['Rivers [UCrivers]', `  ${CHANNEL_URL}`, sources.stdout.split('\n')[2]]);
    expect(sources.stdout).toMatch(/ {2}2 videos; last update \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(added 0, already there 2, without captions 0, failed 0\)\n2 videos added with quotebot add\.\n$/);
    const de = run(['add', 'deserts0001', '--lang', 'de'], env);
    expect(de.stdout).toContain('Added: Desert water [deserts0001] (de, uploader captions)');
    expect(run(['add', 'deserts0001', '--lang', 'english!'], env)).toMatchObject({ code: 1, stderr: 'quotebot: configuration problem(s):\n  CAPTION_LANGS has "english!", which is not a language code such as en, en-GB or pt-BR.\n' });
    const removed = run(['remove', CHANNEL_URL], env);
    expect(removed.code).toBe(0);
    expect(removed.stdout.split('\n')[0]).toBe('Stopped following Rivers and removed its 2 videos (4 files).');
    expect(run(['remove', 'nothing00000'], env)).toMatchObject({ code: 1, stderr: 'quotebot: nothing matches "nothing00000": give a video id or URL, or a followed source\'s URL or id (quotebot sources lists them).\n' });
    expect(run(['sources'], env).stdout).toBe('No followed sources (follow a channel or playlist with quotebot add --follow <URL>).\n1 video added with quotebot add (1 not from a followed source).\n');
  });

  it('help lists the ingest commands and their settings', () => {
    const r = run(['help'], {});
    for (const text of ['add <url|video id>... [--follow]', 'update [--lang', 'sources [--transcripts DIR]', 'remove <video id|url|source url>', 'YT_DLP', 'CAPTION_LANGS', 'UPDATE_EVERY']) expect(r.stdout).toContain(text);
  });
});
