/**
 * Two Slack replicas sharing one database (SQLite file, and PostgreSQL when configured): a retried event
 * that reaches the second replica is not answered again, and settings made through one apply in the other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Memory } from '../../../src/core/memory.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { databases } from '../../store/databases.ts';
import { ADMIN, fixtureBot, SIGNING_SECRET, startAgainst, startStandIn, type Running } from './harness.ts';
import { appMentionPayload, blockActionPayload, buttonsOf, signedRequest, slashCommandPayload, type SlackStandIn } from './standin.ts';

describe.each(databases())('two Slack replicas on one $name database', (database) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of cleanup.splice(0).reverse()) await stop();
  });

  async function replicas(): Promise<{ slack: SlackStandIn; one: Running; two: Running }> {
    const slack = await startStandIn();
    cleanup.push(() => slack.stop());
    const options = await database.fresh();
    const start = async () => {
      const store: Store = await openStore(options);
      cleanup.push(() => store.close());
      const bot = await fixtureBot({ memory: new Memory(store, { secret: 'shared-secret' }) });
      const running = await startAgainst(slack, { bot });
      cleanup.push(() => running.slack.stop());
      return running;
    };
    return { slack, one: await start(), two: await start() };
  }

  it('an event retried to the other replica is answered once', async () => {
    const { slack, one, two } = await replicas();
    const event = appMentionPayload({ text: `<@${slack.botUserId}> random`, eventId: 'EvREPLICA01' });
    await signedRequest(one.eventsUrl, { json: event }, { secret: SIGNING_SECRET });
    await slack.waitFor(() => slack.callsOf('chat.postMessage')[0]);
    const retry = await signedRequest(two.eventsUrl, { json: event }, {
      secret: SIGNING_SECRET,
      headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await expect.poll(() => two.logs.lines.some((l) => l.includes('dropped an event another process took') && l.includes('EvREPLICA01'))).toBe(true);
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
    const other = appMentionPayload({ text: `<@${slack.botUserId}> random`, eventId: 'EvREPLICA02', ts: '1700000400.000100' });
    await signedRequest(two.eventsUrl, { json: other }, { secret: SIGNING_SECRET });
    await slack.waitFor(() => slack.callsOf('chat.postMessage')[1]);
  });

  it('an admin sets a workspace setting through one replica; the other applies it', async () => {
    const { slack, one, two } = await replicas();
    const slash = async (target: Running, text: string, user: string) => {
      const { id, url } = slack.newResponseUrl();
      await signedRequest(target.eventsUrl, { form: slashCommandPayload({ text, user, responseUrl: url }) }, { secret: SIGNING_SECRET });
      return JSON.stringify(await slack.waitFor(() => slack.responsesTo(id)[0]));
    };
    expect(await slash(one, 'settings count 9', 'U0MEMBER')).toContain('Only admins can change settings');
    expect(await slash(one, 'settings count 12', ADMIN)).toContain('count must be a whole number from 1 to 10');
    expect(await slash(one, 'settings count 1', ADMIN)).toContain('count is now 1 for this workspace.');
    expect(await slash(two, 'settings', 'U0MEMBER')).toContain('count: 1 (this workspace)');
  });

  it('Helpful / Not helpful buttons: anyone may vote once and change it, on either replica; report shows the votes', async () => {
    const { slack, one, two } = await replicas();
    const mention = appMentionPayload({ text: `<@${slack.botUserId}> scaling`, eventId: 'EvFEEDBACK1', user: 'U0ASKER' });
    await signedRequest(one.eventsUrl, { json: mention }, { secret: SIGNING_SECRET });
    const posted = await slack.waitFor(() => slack.callsOf('chat.postMessage')[0]);
    const buttons = buttonsOf(posted.params);
    expect(buttons.map((b) => b.text)).toEqual(expect.arrayContaining(['Helpful', 'Not helpful']));
    const click = async (target: Running, label: string, user: string) => {
      const button = buttons.find((b) => b.text === label)!;
      const { id, url } = slack.newResponseUrl();
      const payload = blockActionPayload({ actionId: button.action_id, value: button.value, user, responseUrl: url, ephemeral: false });
      await signedRequest(target.eventsUrl, { form: { payload: JSON.stringify(payload) } }, { secret: SIGNING_SECRET });
      return JSON.stringify(await slack.waitFor(() => slack.responsesTo(id)[0]));
    };
    expect(await click(one, 'Helpful', 'U0READER')).toContain('Thanks: recorded as helpful.');
    expect(await click(two, 'Helpful', 'U0READER')).toContain('You already voted helpful.');
    expect(await click(two, 'Not helpful', 'U0READER')).toContain('Changed your vote to not helpful.');
    expect(await click(one, 'Helpful', 'U0ASKER')).toContain('Thanks: recorded as helpful.');
    expect(await click(two, 'Helpful', 'U0THIRD')).toContain('Thanks: recorded as helpful.');
    const { id, url } = slack.newResponseUrl();
    await signedRequest(two.eventsUrl, { form: slashCommandPayload({ text: 'report', user: ADMIN, responseUrl: url }) }, { secret: SIGNING_SECRET });
    const report = JSON.stringify(await slack.waitFor(() => slack.responsesTo(id)[0]));
    expect(report).toContain('Questions asked: 1; answered: 1 (100%)');
    expect(report).toMatch(/most helpful:\\n {2}\S+@\d+: 2 helpful, 1 not helpful/);
  });
});
