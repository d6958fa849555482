/**
 * Test setup around the stand-in yt-dlp (test/fixtures/ytdlp/yt-dlp): a catalogue of channels, playlists
 * and videos written to a temporary folder (editable between runs, e.g. a new upload), an empty
 * transcripts folder, and the call log.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { YtDlp } from '../../src/ingest/ytdlp.ts';

export const STANDIN = fileURLToPath(new URL('../fixtures/ytdlp/yt-dlp', import.meta.url));
export const STANDIN_DIR = fileURLToPath(new URL('../fixtures/ytdlp', import.meta.url));

type Track = { ext?: string; file?: string; text?: string };
export interface StandinVideo {
  title: string;
  channel?: string;
  subtitles?: Record<string, Track | Track[]>;
  automatic_captions?: Record<string, Track | Track[]>;
  error?: 'private' | 'age' | 'ratelimit' | 'network' | 'removed';
  subError?: boolean;
  live_status?: string;
}
export interface Catalog {
  playlists: Record<string, { id: string; title: string; entries?: string[]; tabs?: string[] }>;
  videos: Record<string, StandinVideo>;
  errors?: Record<string, string>;
}

/**
 * Time limit of a test that runs the stand-in many times (each run is a node process): generous, as the
 * shared machine can be very loaded. A limit, not a timing assertion.
 */
export const SLOW_MS = 180_000;

export const CHANNEL_URL = 'https://www.youtube.com/@rivers';
export const VIDEOS_TAB = 'https://www.youtube.com/@rivers/videos';
export const PLAYLIST_URL = 'https://www.youtube.com/playlist?list=PLdeserts';
export const watch = (id: string) => `https://www.youtube.com/watch?v=${id}`;

/** A catalogue with one channel (two videos), a playlist covering every other path, and failures. */
export function baseCatalog(): Catalog {
  return {
    playlists: {
      [CHANNEL_URL]: { id: 'UCrivers', title: 'Rivers', tabs: [VIDEOS_TAB] },
      [VIDEOS_TAB]: { id: 'UCrivers', title: 'Rivers - Videos', entries: ['rivers00001', 'rivers00002'] },
      [PLAYLIST_URL]: { id: 'PLdeserts', title: 'Deserts', entries: ['deserts0001', 'autoonly001', 'nocaptions1', 'privatevid1', 'ageblocked1', 'ratelimit01', 'translated1', 'livechat001', 'suberror001', 'netdown0001'] },
    },
    videos: {
      rivers00001: { title: 'How rivers carve valleys', channel: 'Rivers', subtitles: { en: { file: 'talk.en.vtt' } }, automatic_captions: { 'en-orig': { file: 'talk.auto.vtt' }, en: { file: 'talk.auto.vtt' } } },
      rivers00002: { title: 'Glaciers / ice', channel: 'Rivers', automatic_captions: { 'en-orig': { file: 'talk.auto.vtt' } } },
      deserts0001: { title: 'Desert water', channel: 'Deserts Channel', subtitles: { 'en-GB': [{ ext: 'ttml', text: '<tt/>' }, { ext: 'srt', file: 'talk.en.srt' }], de: { file: 'talk.en.vtt' } } },
      autoonly001: { title: 'Auto only', channel: 'Deserts Channel', automatic_captions: { en: [{ ext: 'json3', text: '{"events":[{"tStartMs":0,"dDurationMs":2000,"segs":[{"utf8":"sand dunes shift with the wind"}]}]}' }, { ext: 'vtt', file: 'talk.auto.vtt' }] } },
      nocaptions1: { title: 'Silent film', channel: 'Deserts Channel', subtitles: { fr: { file: 'talk.en.vtt' } } },
      privatevid1: { title: 'Private one', channel: 'Deserts Channel', error: 'private' },
      ageblocked1: { title: 'Age gated', channel: 'Deserts Channel', error: 'age' },
      ratelimit01: { title: 'Rate limited', channel: 'Deserts Channel', error: 'ratelimit' },
      netdown0001: { title: 'Network down', channel: 'Deserts Channel', error: 'network' },
      translated1: { title: 'German talk', channel: 'Deserts Channel', automatic_captions: { 'de-orig': { file: 'talk.en.vtt' }, de: { file: 'talk.en.vtt' }, en: { file: 'talk.auto.vtt' } } },
      livechat001: { title: 'Live stream replay', channel: 'Deserts Channel', subtitles: { live_chat: { ext: 'json', text: '{"replayChatItemAction":{}}' }, en: { file: 'talk.en.vtt' } } },
      suberror001: { title: 'Broken captions', channel: 'Deserts Channel', subtitles: { en: { file: 'talk.en.vtt' } }, subError: true },
    },
    errors: { 'https://www.youtube.com/@offline': 'network' },
  };
}

/** A temporary workspace: catalogue, transcripts folder, call log, and the YtDlp to pass to the engine. */
export function workspace(catalog: Catalog = baseCatalog()) {
  const root = mkdtempSync(join(tmpdir(), 'quotebot-ingest-'));
  const catalogFile = join(root, 'catalog.json');
  const logFile = join(root, 'calls.log');
  const transcripts = join(root, 'transcripts');
  const save = (c: Catalog) => writeFileSync(catalogFile, JSON.stringify(c));
  save(catalog);
  const env = { STANDIN_YTDLP_CATALOG: catalogFile, STANDIN_YTDLP_LOG: logFile };
  const ytdlp: YtDlp = { path: STANDIN, env };
  return {
    root,
    transcripts,
    env,
    ytdlp,
    catalog,
    /** Writes the (edited) catalogue back. */
    save: () => save(catalog),
    /** Every call's arguments so far. */
    calls: (): string[][] => (existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []),
  };
}
