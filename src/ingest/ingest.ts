/**
 * The ingest engine behind `quotebot add`, `quotebot update` and the chat `add`: list each URL, skip the
 * videos already present (by id), choose each remaining video's caption track, have yt-dlp write it with
 * its `.info.json` (via a staging folder), record what was written, and say what happened to every video.
 * One run per transcripts folder at a time ({@link withIngestLock}).
 *
 * @example
 * const summary = await addUrls(['https://www.youtube.com/@channel'], { transcriptsDir, ytdlp, langs: ['en'], follow: true });
 * summary.counts // { added: 12, present: 0, withoutCaptions: 1, failed: 0 }
 */
import { resolve } from 'node:path';
import { chooseCaptions, type CaptionChoice } from './captions.ts';
import { clearIncoming, writeVideo } from './fetch-video.ts';
import { listUrl, videoInfo, type ListedVideo } from './listing.ts';
import { withIngestLock } from './lock.ts';
import { presentIds } from './present.ts';
import { failureReason } from './reasons.ts';
import { readSources, writeSources, type FollowedSource, type RunCounts, type SourcesFile } from './store.ts';
import { youtubeIdOf } from './targets.ts';
import type { YtDlp } from './ytdlp.ts';

/** What happened to one video (or to a URL that could not even be listed). */
export interface VideoOutcome {
  /** The video id; absent for a URL that could not be listed. */
  id?: string;
  /** The video's title (or the URL when the title is unknown). */
  title: string;
  url: string;
  status: 'added' | 'present' | 'no-captions' | 'failed';
  /** Why: the missing captions, or the failure (`private video`, `network problem: ...`). */
  reason?: string;
  /** The track written (with `added`). */
  captions?: CaptionChoice;
  /** Files written, relative to the transcripts folder (with `added`). */
  files?: string[];
}

/** The result of a run. */
export interface IngestSummary {
  outcomes: VideoOutcome[];
  counts: RunCounts;
  /** Remarks about the run itself (e.g. a followed URL that is a single video), one line each. */
  notes: string[];
}

/** Progress callbacks (all optional). */
export interface IngestProgress {
  /** A URL is being listed. */
  onListing?(url: string): void;
  /** Listing done: `total` videos to look at. */
  onPlan?(total: number): void;
  /** Video number `index` (0-based) of `total` is starting. */
  onVideoStart?(title: string, index: number, total: number): void;
  /** A video is done (`done` of `total`). */
  onVideoDone?(outcome: VideoOutcome, done: number, total: number): void;
}

/** Options of a run. */
export interface IngestOptions extends IngestProgress {
  /** The transcripts folder (`TRANSCRIPTS_DIR`). */
  transcriptsDir: string;
  ytdlp: YtDlp;
  /** Caption languages in order of preference (`CAPTION_LANGS` / `--lang`). Default `['en']`. */
  langs?: readonly string[];
  /** Clock (tests). */
  now?: () => Date;
}

interface PlannedVideo extends ListedVideo {
  source?: string;
}

function countsOf(outcomes: VideoOutcome[]): RunCounts {
  const counts: RunCounts = { added: 0, present: 0, withoutCaptions: 0, failed: 0 };
  for (const o of outcomes) {
    if (o.status === 'added') counts.added++;
    else if (o.status === 'present') counts.present++;
    else if (o.status === 'no-captions') counts.withoutCaptions++;
    else counts.failed++;
  }
  return counts;
}

/** Adds one listed video: full info, caption choice, write, record. Never throws: failures become the outcome. */
async function addOne(video: PlannedVideo, record: SourcesFile, options: Required<Pick<IngestOptions, 'transcriptsDir' | 'ytdlp' | 'langs' | 'now'>>): Promise<VideoOutcome> {
  const base = { id: video.id, title: video.title ?? video.url, url: video.url };
  try {
    const info = video.info ?? (await videoInfo(options.ytdlp, video.url));
    const title = typeof info.title === 'string' && info.title.trim() ? info.title.trim() : base.title;
    const live = String(info.live_status ?? (info.is_live === true ? 'is_live' : ''));
    if (live === 'is_live' || live === 'is_upcoming') {
      return { ...base, title, status: 'no-captions', reason: live === 'is_live' ? 'live now: captions come after the stream ends' : 'not out yet (upcoming)' };
    }
    const outcome = chooseCaptions(info, options.langs);
    if (!outcome.ok) return { ...base, title, status: 'no-captions', reason: outcome.reason };
    const files = await writeVideo({ ytdlp: options.ytdlp, transcriptsDir: options.transcriptsDir, info, choice: outcome.choice });
    const folder = files[0]!.split('/')[0]!;
    record.videos[video.id] = {
      title,
      url: typeof info.webpage_url === 'string' ? info.webpage_url : video.url,
      folder,
      files,
      captions: outcome.choice,
      ...(video.source ? { source: video.source } : {}),
      addedAt: options.now().toISOString(),
    };
    await writeSources(options.transcriptsDir, record);
    return { ...base, title, status: 'added', captions: outcome.choice, files };
  } catch (error) {
    return { ...base, status: 'failed', reason: failureReason(error) };
  }
}

interface Job {
  url: string;
  /** Record the URL as a followed source (add --follow) / it is one (update). */
  follow: boolean;
}

async function run(jobs: Job[], options: IngestOptions): Promise<IngestSummary> {
  const transcriptsDir = resolve(options.transcriptsDir);
  const now = options.now ?? (() => new Date());
  const langs = options.langs?.length ? options.langs : ['en'];
  return withIngestLock(transcriptsDir, async () => {
    await clearIncoming(transcriptsDir);
    const record = await readSources(transcriptsDir);
    const present = await presentIds(transcriptsDir, record);
    const outcomes: VideoOutcome[] = [];
    const notes: string[] = [];
    const planned: PlannedVideo[] = [];
    const bySource = new Map<string, PlannedVideo[]>();
    const planIds = new Set<string>();
    for (const job of jobs) {
      // A YouTube video already here needs no listing (and no network): it is simply already there.
      const known = youtubeIdOf(job.url);
      if (known && present.has(known) && !new URL(job.url).searchParams.has('list')) {
        if (!planIds.has(known)) planned.push({ id: known, url: job.url, title: record.videos[known]?.title ?? known });
        planIds.add(known);
        continue;
      }
      options.onListing?.(job.url);
      let listing;
      try {
        listing = await listUrl(options.ytdlp, job.url);
      } catch (error) {
        outcomes.push({ title: job.url, url: job.url, status: 'failed', reason: failureReason(error) });
        continue;
      }
      // A URL that is already followed counts as that source even without --follow.
      let source: FollowedSource | undefined = listing.kind === 'playlist' ? record.sources.find((s) => s.url === job.url) : undefined;
      if (job.follow) {
        if (listing.kind === 'video') notes.push(`${job.url} is a single video, so it is added but not followed (follow a channel or playlist).`);
        else {
          source = record.sources.find((s) => s.url === job.url);
          if (!source) {
            source = { url: job.url, followedAt: now().toISOString() };
            record.sources.push(source);
          }
          if (listing.id) source.id = listing.id;
          if (listing.title) source.title = listing.title;
        }
      }
      if (listing.kind === 'playlist' && !listing.entries.length) notes.push(`${job.url} lists no videos.`);
      const mine: PlannedVideo[] = [];
      for (const entry of listing.entries) {
        const video: PlannedVideo = source ? { ...entry, source: source.url } : entry;
        mine.push(video);
        if (planIds.has(entry.id)) continue;
        planIds.add(entry.id);
        planned.push(video);
      }
      if (source) bySource.set(source.url, mine);
    }
    options.onPlan?.(planned.length);
    const byId = new Map<string, VideoOutcome>();
    let done = 0;
    for (const [i, video] of planned.entries()) {
      options.onVideoStart?.(video.title ?? video.url, i, planned.length);
      const outcome = present.has(video.id)
        ? { id: video.id, title: record.videos[video.id]?.title ?? video.title ?? video.url, url: video.url, status: 'present' as const }
        : await addOne(video, record, { transcriptsDir, ytdlp: options.ytdlp, langs, now });
      if (outcome.status === 'added') present.add(video.id);
      byId.set(video.id, outcome);
      outcomes.push(outcome);
      options.onVideoDone?.(outcome, ++done, planned.length);
    }
    for (const [url, videos] of bySource) {
      const source = record.sources.find((s) => s.url === url)!;
      source.lastUpdate = now().toISOString();
      source.lastResult = countsOf(videos.map((v) => byId.get(v.id)!).filter(Boolean));
    }
    if (bySource.size || outcomes.some((o) => o.status === 'added')) await writeSources(transcriptsDir, record);
    await clearIncoming(transcriptsDir);
    return { outcomes, counts: countsOf(outcomes), notes };
  });
}

/** `quotebot add`: adds the videos behind each URL; with `follow`, channels and playlists are followed too. */
export function addUrls(urls: readonly string[], options: IngestOptions & { follow?: boolean }): Promise<IngestSummary> {
  return run(urls.map((url) => ({ url, follow: options.follow === true })), options);
}

/** `quotebot update`: fetches what every followed source has that the folder does not. */
export async function updateSources(options: IngestOptions): Promise<IngestSummary> {
  const record = await readSources(resolve(options.transcriptsDir));
  if (!record.sources.length) return { outcomes: [], counts: countsOf([]), notes: ['No followed sources: follow one with quotebot add --follow <channel or playlist URL>.'] };
  return run(record.sources.map((s) => ({ url: s.url, follow: true })), options);
}
