/** The admin `/quote add <url>` on Slack (HTTP mode, stand-in): "fetching" at once, the summary later on the same response_url. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddStart } from '../../../src/core/commands/index.ts';
import { ADMIN, fixtureBot, SIGNING_SECRET, startAgainst, startStandIn, textOf, type Running } from './harness.ts';
import { signedRequest, slashCommandPayload, type SlackStandIn } from './standin.ts';

let slack: SlackStandIn;
let run: Running;
let finish!: (lines: string[]) => void;
const asked: string[] = [];

beforeAll(async () => {
  slack = await startStandIn();
  const bot = await fixtureBot({
    addVideos: async (url): Promise<AddStart> => {
      asked.push(url);
      return { videos: 12, done: new Promise((resolve) => (finish = resolve)) };
    },
  });
  run = await startAgainst(slack, { bot });
});
afterAll(async () => {
  await run?.slack.stop();
  await slack?.stop();
});

describe('/quote add', () => {
  it('QUOTEBOT_ADMINS only; the admin gets "fetching 12 videos", then the summary on the same response_url', async () => {
    const send = async (user: string) => {
      const { id, url } = slack.newResponseUrl();
      const res = await signedRequest(run.eventsUrl, { form: slashCommandPayload({ text: 'add https://www.youtube.com/@rivers', user, responseUrl: url }) }, { secret: SIGNING_SECRET });
      expect(res.status).toBe(200);
      return id;
    };
    const stranger = await send('U0SOMEONE');
    expect(textOf(await slack.waitFor(() => slack.responsesTo(stranger)[0]))).toContain('Only admins can use add.');
    expect(asked).toEqual([]);
    const admin = await send(ADMIN);
    const first = await slack.waitFor(() => slack.responsesTo(admin)[0]);
    expect(first.response_type).toBe('ephemeral');
    expect(textOf(first)).toContain('Fetching 12 videos from');
    expect(asked).toEqual(['https://www.youtube.com/@rivers']);
    finish(['Added 12, already there 0, without captions 0, failed 0.']);
    const second = await slack.waitFor(() => slack.responsesTo(admin)[1]);
    expect(second).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textOf(second)).toContain('Added 12, already there 0, without captions 0, failed 0.');
  });
});
