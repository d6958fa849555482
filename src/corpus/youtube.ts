/** YouTube ids and links. */

/** An 11-character YouTube video id. */
export const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;

/** The watch URL of a YouTube video, without a time parameter. */
export function youtubeUrl(id: string): string {
  return `https://www.youtube.com/watch?v=${id}`;
}
