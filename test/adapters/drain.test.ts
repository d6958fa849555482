/**
 * Shutdown drains what already arrived (issue 18, item 10): an adapter's stop() lets the answers in
 * flight be delivered before it disconnects (Discord) or closes the server (Slack), instead of cutting
 * them off. (No timed assertions: only the order of "answer delivered" and "stop() resolved".)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer, Request } from '../../src/core/types.ts';
import { startAll, type Running } from './discord/harness.ts';
import { fixtureBot, SIGNING_SECRET, startAgainst, startStandIn } from './slack/harness.ts';
import { signedRequest, slashCommandPayload, type SlackStandIn } from './slack/standin.ts';

/** A handle() that answers only once `release()` is called. */
function gate<T extends { handle(r: Request): Promise<Answer> }>(bot: T): { release: () => void; entered: Promise<void> } {
  const original = bot.handle.bind(bot);
  let release!: () => void;
  let entered!: () => void;
  const open = new Promise<void>((resolve) => (release = resolve));
  const inside = new Promise<void>((resolve) => (entered = resolve));
  bot.handle = async (request: Request) => {
    entered();
    await open;
    return original(request);
  };
  return { release, entered: inside };
}

let discordRun: Running | undefined;
let slack: SlackStandIn | undefined;
afterEach(async () => {
  await discordRun?.stop();
  discordRun = undefined;
  await slack?.stop();
  slack = undefined;
});

describe('stop() drains answers in flight', () => {
  it('Discord: an interaction being answered when stop() is called is answered before the disconnect', async () => {
    discordRun = await startAll({ adapter: { deferAfterMs: 60_000 } });
    const { release, entered } = gate(discordRun.bot);
    const interaction = discordRun.discord.slashCommand('quote', { topic: 'gpus' });
    discordRun.discord.injectInteraction(interaction);
    await entered;
    const stopping = discordRun.adapter.stop();
    // stop() waits for the answer in flight: it has not resolved while the answer is still being made.
    expect(await Promise.race([stopping.then(() => 'stopped'), sleep(500).then(() => 'waiting')])).toBe('waiting');
    release();
    const answered = await discordRun.discord.waitForRequest((r) => r.route === 'POST /interactions/:id/:token/callback' && r.params.id === interaction.id);
    expect(answered.status).toBe(204);
    await stopping;
  });

  it('Slack: a slash command being answered when stop() is called gets its reply before the server closes', async () => {
    slack = await startStandIn();
    const bot = await fixtureBot();
    const { release, entered } = gate(bot);
    const run = await startAgainst(slack, { bot });
    const { id, url } = slack.newResponseUrl();
    const res = await signedRequest(run.eventsUrl, { form: slashCommandPayload({ text: 'gpus', responseUrl: url }) }, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await entered;
    const stopping = run.slack.stop();
    expect(await Promise.race([stopping.then(() => 'stopped'), sleep(500).then(() => 'waiting')])).toBe('waiting');
    release();
    await stopping;
    expect(slack.responsesTo(id)).toHaveLength(1);
  });
});
