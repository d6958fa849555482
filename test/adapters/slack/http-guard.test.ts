/**
 * HTTP mode refuses what Slack never sends (issue 18, item 11): a request signed with a timestamp far in
 * the future (Bolt rejects only old ones, so a captured request could be replayed for as long as the
 * attacker dated it ahead), and a signed body that is not an object (`null`) gets an answer instead of
 * none at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startAgainst, startStandIn, type Running } from './harness.ts';
import { signedRequest, slashCommandPayload, type SlackStandIn } from './standin.ts';

let slack: SlackStandIn;
let run: Running;
beforeAll(async () => {
  slack = await startStandIn();
  run = await startAgainst(slack);
});
afterAll(async () => {
  await run?.slack.stop();
  await slack?.stop();
});

describe('HTTP mode request checks', () => {
  it('refuses a request signed with a timestamp an hour in the future (401), and nothing runs', async () => {
    const { id, url } = slack.newResponseUrl();
    const res = await signedRequest(run.eventsUrl, { form: slashCommandPayload({ text: 'gpus', responseUrl: url }) }, {
      secret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) + 3600,
    });
    expect(res.status).toBe(401);
    // A correctly dated request right after is answered (so the refusal above was not a fluke of the setup).
    const { id: id2, url: url2 } = slack.newResponseUrl();
    const ok = await signedRequest(run.eventsUrl, { form: slashCommandPayload({ text: 'gpus', responseUrl: url2 }) }, { secret: SIGNING_SECRET });
    expect(ok.status).toBe(200);
    await slack.waitFor(() => slack.responsesTo(id2)[0]);
    expect(slack.responsesTo(id)).toEqual([]);
  });

  it('answers a signed body of null with a client error instead of leaving the request open', async () => {
    const res = await signedRequest(run.eventsUrl, { json: null }, { secret: SIGNING_SECRET });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
