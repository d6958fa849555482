/**
 * Stopping the Slack HTTP receiver while a client behind a keep-alive agent is sending (issue 18, item 10):
 * a request written on an idle keep-alive connection at the moment stop() begins is answered, with
 * `Connection: close`, never reset; no new connection is accepted once stopping; stop() stays bounded.
 */
import { Agent, request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startAgainst, startStandIn, type Running } from './harness.ts';
import { slackSignature, slashCommandPayload, type SlackStandIn } from './standin.ts';

let slack: SlackStandIn;
let run: Running | undefined;
beforeAll(async () => {
  slack = await startStandIn();
});
afterEach(async () => {
  await run?.slack.stop();
  run = undefined;
});
afterAll(() => slack.stop());

interface Reply {
  status: number;
  connection: string | undefined;
  socket: object;
}

/**
 * Sends a signed slash command through `agent`; `onSent` runs right after the request is written (before
 * the server can have read it). Rejects on a reset connection.
 */
function send(url: string, agent: Agent, text: string, onSent: () => void = () => {}): Promise<Reply> {
  const { url: responseUrl } = slack.newResponseUrl();
  const raw = new URLSearchParams(slashCommandPayload({ text, responseUrl })).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, raw),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, socket: req.socket! }));
    });
    req.on('error', reject);
    req.end(raw, onSent);
  });
}

describe('stopping the HTTP receiver', () => {
  it('answers a request sent on an idle keep-alive connection as stop() begins, closing that connection', { timeout: 30_000 }, async () => {
    run = await startAgainst(slack);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await send(run.eventsUrl, agent, 'scaling laws');
    expect(first).toMatchObject({ status: 200, connection: 'keep-alive' });
    let stopping: Promise<void> | undefined;
    const second = await send(run.eventsUrl, agent, 'neural networks', () => {
      stopping = run!.slack.stop();
    });
    // The same (reused) connection, answered, and told to close.
    expect(second.socket).toBe(first.socket);
    expect(second).toMatchObject({ status: 200, connection: 'close' });
    const t0 = Date.now();
    await stopping;
    expect(Date.now() - t0).toBeLessThan(5_000);
    // Stopped: no new connection is taken.
    await expect(send(run.eventsUrl, new Agent(), 'scaling laws')).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  it('answers a request written on an idle keep-alive connection just after stop() began', { timeout: 30_000 }, async () => {
    run = await startAgainst(slack);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await send(run.eventsUrl, agent, 'scaling laws');
    const stopping = run.slack.stop();
    const second = await send(run.eventsUrl, agent, 'neural networks');
    expect(second.socket).toBe(first.socket);
    expect(second).toMatchObject({ status: 200, connection: 'close' });
    await stopping;
    agent.destroy();
  });
});
