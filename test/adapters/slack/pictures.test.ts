/**
 * Pictures on Slack, through the local stand-in: the timeline image and the quote card are uploaded with
 * the files API (files.getUploadURLExternal, the bytes to the upload URL, files.completeUploadExternal)
 * to the channel or thread, after the text answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { pictureProblem } from '../../../src/adapters/slack/pictures.ts';
import { startAgainst, startStandIn, type Running } from './harness.ts';
import { appMentionPayload, blockActionPayload, buttonsOf, slashCommandPayload, type SlackStandIn } from './standin.ts';

let slack: SlackStandIn;
let run: Running;

beforeAll(async () => {
  slack = await startStandIn();
  run = await startAgainst(slack, { socket: true });
});

afterAll(async () => {
  await run?.slack.stop();
  await slack?.stop();
});

/** The completeUploadExternal call that shares `filename`, once its bytes have arrived. */
async function sharedUpload(filename: string, since: number) {
  const upload = await slack.waitFor(() => slack.uploads.slice(since).find((u) => u.filename === filename));
  const complete = await slack.waitFor(() => slack.callsOf('files.completeUploadExternal').find((c) => (c.params.files as Array<{ id: string }>).some((f) => f.id === upload.fileId)));
  return { upload, complete };
}

describe('Slack pictures', () => {
  it('timeline in a mention: the text in the thread, then the PNG uploaded to the same thread', async () => {
    const since = slack.uploads.length;
    const posts = slack.callsOf('chat.postMessage').length;
    await slack.sendEnvelope('events_api', appMentionPayload({ text: '<@UQUOTEBOT> timeline scaling laws', ts: '1700000000.000100', channel: 'C0PICS' }));
    const { upload, complete } = await sharedUpload('timeline.png', since);
    const png = PNG.sync.read(upload.data);
    expect(png.width).toBe(1600);
    expect(complete.params.channel_id).toBe('C0PICS');
    expect(complete.params.thread_ts).toBe('1700000000.000100');
    expect(complete.token).toBe(slack.botToken);
    const get = slack.callsOf('files.getUploadURLExternal').find((c) => c.params.filename === 'timeline.png');
    expect(Number(get!.params.length)).toBe(upload.data.length);
    // The text answer was posted first.
    const text = slack.calls.findIndex((c, i) => i >= 0 && c.method === 'chat.postMessage' && c.params.channel === 'C0PICS');
    expect(slack.callsOf('chat.postMessage').length).toBeGreaterThan(posts);
    expect(text).toBeLessThan(slack.calls.indexOf(complete));
  });

  it('card <citation> as a slash command: the quote to the asker, the card to the channel', async () => {
    const since = slack.uploads.length;
    const { id, url } = slack.newResponseUrl();
    await slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'card scaleTalk01@7', channel: 'C0CARDS', responseUrl: url }));
    const reply = await slack.waitFor(() => slack.responsesTo(id)[0]);
    expect(JSON.stringify(reply)).toContain('loss falls smoothly');
    const { upload, complete } = await sharedUpload('quote-card.png', since);
    const png = PNG.sync.read(upload.data);
    expect([png.width, png.height]).toEqual([1200, 630]);
    expect(complete.params.channel_id).toBe('C0CARDS');
  });

  it('the Share as image button posts the quote publicly and uploads its card', async () => {
    const { id, url } = slack.newResponseUrl();
    await slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'scaling laws', channel: 'C0SHARE', responseUrl: url }));
    const reply = await slack.waitFor(() => slack.responsesTo(id)[0]);
    const card = buttonsOf(reply).find((b) => b.action_id === 'quotebot_card');
    expect(card?.text).toBe('Share as image');
    const since = slack.uploads.length;
    const click = slack.newResponseUrl();
    await slack.sendEnvelope('interactive', blockActionPayload({ actionId: card!.action_id, value: card!.value, user: 'U0ASKER', channel: 'C0SHARE', responseUrl: click.url, ephemeral: true }));
    const posted = await slack.waitFor(() => slack.responsesTo(click.id)[0]);
    expect(posted.response_type).toBe('in_channel');
    const { complete } = await sharedUpload('quote-card.png', since);
    expect(complete.params.channel_id).toBe('C0SHARE');
  });

  it('a failed upload is told to the asker, and the text answer stands', async () => {
    slack.failNext('files.completeUploadExternal', { error: 'not_in_channel' });
    const { id, url } = slack.newResponseUrl();
    await slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'timeline scaling laws', channel: 'C0OUTSIDE', responseUrl: url }));
    const notes = await slack.waitFor(() => (slack.responsesTo(id).length >= 2 ? slack.responsesTo(id) : undefined));
    expect(JSON.stringify(notes[0])).toContain('scaling');
    expect(notes[1]!.text).toBe(pictureProblem('not_in_channel'));
    expect(run.logs.text()).toContain('could not post the picture');
  });
});
