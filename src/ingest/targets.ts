/**
 * What `quotebot add` accepts: an http(s) URL of a video, playlist or channel, or a bare YouTube video id
 * (11 characters of `A-Z a-z 0-9 _ -`). Anything else (another scheme, a path, an option-looking word)
 * is refused with a message that says what to give instead. Targets are handed to yt-dlp as one
 * argument each, after `--`, never through a shell.
 *
 * @example
 * parseTarget('dQw4w9WgXcQ')  // { ok: true, url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }
 * parseTarget('file:///etc/passwd') // { ok: false, message: '"file:///etc/passwd" is not ...' }
 */

/** A bare YouTube video id. */
export const BARE_VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

/** The result of {@link parseTarget}: the URL to hand to yt-dlp, or why the input was refused. */
export type Target = { ok: true; url: string } | { ok: false; message: string };

/** Longest URL accepted (yt-dlp and the sites never need more). */
const MAX_URL_LENGTH = 2048;

/** Validates one `add` argument. */
export function parseTarget(input: string): Target {
  const raw = input.trim();
  if (BARE_VIDEO_ID.test(raw)) return { ok: true, url: `https://www.youtube.com/watch?v=${raw}` };
  const refuse = (why: string): Target => ({
    ok: false,
    message: `"${raw.length > 80 ? `${raw.slice(0, 77)}...` : raw}" ${why}; give an http(s) URL of a video, playlist or channel, or an 11-character YouTube video id.`,
  });
  if (!raw) return refuse('is empty');
  if (raw.length > MAX_URL_LENGTH) return refuse(`is longer than ${MAX_URL_LENGTH} characters`);
  if (/\s/.test(raw)) return refuse('contains spaces');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // new URL throws a TypeError for anything that is not an absolute URL: that is exactly the refusal.
    return refuse('is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse(`is a ${url.protocol.replace(/:$/, '')}: address, not http(s)`);
  if (!url.hostname) return refuse('has no host');
  if (url.username || url.password) return refuse('carries a user name or password');
  return { ok: true, url: url.href };
}

/** The YouTube video id in a watch / youtu.be / shorts URL, or the input itself when it is a bare id. */
export function youtubeIdOf(input: string): string | undefined {
  const raw = input.trim();
  if (BARE_VIDEO_ID.test(raw)) return raw;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not a URL: it has no YouTube id (the caller treats it as a plain id or name).
    return undefined;
  }
  const host = url.hostname.replace(/^(www|m|music)\./, '');
  let id: string | null | undefined;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
    id = url.pathname === '/watch' ? url.searchParams.get('v') : /^\/(?:shorts|live|embed)\/([^/]+)/.exec(url.pathname)?.[1];
  } else if (host === 'youtu.be') id = url.pathname.slice(1).split('/')[0];
  return id && BARE_VIDEO_ID.test(id) ? id : undefined;
}
