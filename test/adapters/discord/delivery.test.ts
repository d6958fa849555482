/**
 * A deferred answer survives Discord's REST faults (issue 18, item 6): a failing edit of `@original` or
 * follow-up is retried with backoff (short waits here) while the interaction token lives; the "thinking"
 * message is removed only after the follow-up that replaces it went through; and an answer that never
 * goes through leaves the user a short failure message with a reference id, not "thinking..." forever.
 * (No timed assertions: only what was sent, and in which order.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer, Request } from '../../../src/core/types.ts';
import { startAll, type Running } from './harness.ts';

let run: Running | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const EDIT = 'PATCH /webhooks/:app/:token/messages/@original';
const FOLLOW_UP = 'POST /webhooks/:app/:token';

/** Starts with a core that answers only after the adapter has deferred (a slow answer). */
async function slowRun(answer?: (request: Request) => Answer): Promise<Running> {
  const running = await startAll({ adapter: { deferAfterMs: 20, retryDelaysMs: [20, 40, 80, 160] } });
  const handle = running.bot.handle.bind(running.bot);
  running.bot.handle = async (request: Request) => {
    await sleep(200);
    return answer ? answer(request) : handle(request);
  };
  return running;
}

/** One answer delivered first: the adapter learns that /quote answers are private and defers privately. */
async function warm(running: Running): Promise<void> {
  const first = running.discord.slashCommand('quote', { topic: 'memory' });
  running.discord.injectInteraction(first);
  await running.discord.waitForRequest((r) => r.params.token === first.token && r.status === 200 && (r.route === EDIT || r.route === FOLLOW_UP));
}

describe('delivering a deferred answer through REST faults', () => {
  it('retries a failing edit of @original until it goes through', async () => {
    run = await slowRun();
    await warm(run);
    run.discord.failNext(EDIT, { status: 500, times: 3 });
    const interaction = run.discord.slashCommand('quote', { topic: 'gpus' });
    run.discord.injectInteraction(interaction);
    const edit = await run.discord.waitForRequest((r) => r.route === EDIT && r.params.token === interaction.token && r.status === 200);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    const edits = run.discord.requests.filter((r) => r.route === EDIT && r.params.token === interaction.token).map((r) => r.status);
    expect(edits.filter((s) => s === 500).length).toBeGreaterThanOrEqual(3);
  });

  it('removes the "thinking" message only after the private follow-up replacing it went through', async () => {
    run = await slowRun(() => ({ kind: 'notice', ephemeral: true, text: 'A private notice for the asker.' }));
    run.discord.failNext(FOLLOW_UP, { status: 502, times: 3 });
    const interaction = run.discord.slashCommand('quote', { topic: 'gpus' });
    run.discord.injectInteraction(interaction);
    const deleted = await run.discord.waitForRequest((r) => r.route === 'DELETE /webhooks/:app/:token/messages/@original' && r.params.token === interaction.token);
    const mine = run.discord.requests.filter((r) => r.params.token === interaction.token);
    const delivered = mine.findIndex((r) => r.route === FOLLOW_UP && r.status === 200);
    expect(delivered).toBeGreaterThanOrEqual(0);
    expect(mine.indexOf(deleted)).toBeGreaterThan(delivered);
    expect(mine[delivered]!.body.flags & MessageFlags.Ephemeral).toBeTruthy();
    expect(mine[delivered]!.body.content).toContain('A private notice');
  });

  it('leaves a short failure message with a reference id when the answer never goes through', async () => {
    run = await slowRun();
    await warm(run);
    run.discord.failNext(EDIT, { status: 500, times: 1000 }); // every attempt to edit fails
    const interaction = run.discord.slashCommand('quote', { topic: 'gpus' });
    run.discord.injectInteraction(interaction);
    const last = await run.discord.waitForRequest(
      (r) => (r.route === EDIT || r.route === FOLLOW_UP) && r.params.token === interaction.token && r.status === 200,
    );
    expect(last.body.content).toMatch(/could not be delivered.*reference E[0-9A-Z]{6}/);
  });
});
