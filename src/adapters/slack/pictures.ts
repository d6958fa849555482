/**
 * Pictures on Slack: after the text answer is posted, the answer's picture (timeline image, quote card)
 * is drawn and uploaded with the files API, as Bolt's `client.files.uploadV2` does it
 * (`files.getUploadURLExternal`, the bytes to the returned URL, then `files.completeUploadExternal`),
 * shared to the channel, in the thread when there is one. Needs the `files:write` bot scope.
 */
import type { webApi } from '@slack/bolt';
import type { Answer } from '../../core/types.ts';
import type { Logger } from '../../logger.ts';
import { drawPicture } from '../../pictures/index.ts';

/** The part of Bolt's WebClient an upload needs (`client.files.uploadV2`). */
export interface PictureClient {
  files: { uploadV2(args: webApi.FilesUploadV2Arguments): Promise<unknown> };
}

/** Where the picture goes. */
export interface PictureTarget {
  channel: string;
  /** The thread to post in, if any. */
  threadTs?: string;
}

/** The Slack error code of a failed call (`not_in_channel`, `missing_scope`...), or the error's message. */
function reason(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

/** What to tell the asker when the picture could not be posted, by Slack error code. */
export function pictureProblem(code: string): string {
  if (code === 'not_in_channel' || code === 'channel_not_found') return `The picture could not be posted here (${code}): invite quotebot to this channel with /invite @quotebot.`;
  if (code === 'missing_scope') return 'The picture could not be posted: the Slack app lacks the files:write scope (reinstall it from slack-manifest.yml).';
  return `The picture could not be posted (${code}).`;
}

/**
 * Draws and uploads the answer's picture, if it has one. Resolves undefined when done (or when there is
 * no picture), else the line to show the asker; a failure is logged with its stack, never thrown.
 */
export async function postPicture(client: PictureClient, answer: Answer, target: PictureTarget, logger: Logger): Promise<string | undefined> {
  const picture = answer.picture;
  if (!picture) return undefined;
  try {
    const file = await drawPicture(picture);
    const upload = { file: file.png, filename: file.name, title: file.alt, alt_text: file.alt };
    if (target.threadTs) await client.files.uploadV2({ ...upload, channel_id: target.channel, thread_ts: target.threadTs });
    else await client.files.uploadV2({ ...upload, channel_id: target.channel });
    return undefined;
  } catch (error) {
    const code = reason(error);
    logger.error({ err: error, picture: picture.kind, channel: target.channel, code }, 'could not post the picture of an answer; the text was sent without it');
    return pictureProblem(code);
  }
}
