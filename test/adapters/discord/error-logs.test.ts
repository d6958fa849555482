/**
 * Discord error logs never carry an interaction token or a message body (issue 18, item 8): discord.js's
 * errors hold the request URL (with the interaction's token in the path) and the whole request body (the
 * answer's text). The log keeps the route without tokens and the body's size.
 */
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscord } from '../../../src/adapters/discord/index.ts';
import { QuoteBot } from '../../../src/core/bot.ts';
import { createLogger, secretScrubber } from '../../../src/logger.ts';
import { configFor, FAST_REST, fixtureIndex } from './harness.ts';
import { DiscordStandIn } from './stand-in.ts';

let discord: DiscordStandIn | undefined;
afterEach(async () => {
  await discord?.stop();
  discord = undefined;
});

describe('Discord error logs', () => {
  it('name the route without the interaction token, and the body by size, not its text', async () => {
    discord = await DiscordStandIn.start();
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = configFor(discord);
    const logger = createLogger({ ...config, logLevel: 'info', logLevelExplicit: true }, { destination: destination as never });
    const adapter = await startDiscord(new QuoteBot(await fixtureIndex(), { cooldownSeconds: 0 }), config, logger, { rest: FAST_REST });
    try {
      // Every answer attempt for this interaction is refused (400: a client error, never retried).
      discord.failNext('POST /interactions/:id/:token/callback', { status: 400, times: 50 });
      discord.failNext('POST /webhooks/:app/:token', { status: 400, times: 50 });
      discord.failNext('PATCH /webhooks/:app/:token/messages/@original', { status: 400, times: 50 });
      const interaction = discord.slashCommand('quote', { topic: 'gpus' });
      discord.injectInteraction(interaction);
      for (let i = 0; i < 600 && !lines.some((l) => l.includes('could not answer a Discord interaction')); i++) await sleep(50);
      const sent = discord.requests.find((r) => r.route === 'POST /interactions/:id/:token/callback')!;
      const quoted = JSON.stringify(sent.body).match(/GPU[^"\\]{10,40}/i)?.[0] ?? 'gpu';
      const log = lines.join('');
      expect(quoted.length).toBeGreaterThan(12);
      expect(log).toContain('could not answer a Discord interaction');
      expect(log).not.toContain(interaction.token);
      expect(log).toContain('/interactions/');
      expect(log).toContain(':token');
      expect(log).toMatch(/"requestBody":\{"bytes":\d+\}/);
      expect(log).not.toContain(quoted);
    } finally {
      await adapter.stop();
    }
  });

  it('scrubs a configured secret also after markdown escaping', () => {
    const scrub = secretScrubber(['abc_def*ghi~jkl']);
    expect(scrub('x abc\\_def\\*ghi\\~jkl y')).toBe('x [Redacted] y');
    expect(scrub(JSON.stringify({ msg: 'abc\\_def\\*ghi\\~jkl' }))).toBe('{"msg":"[Redacted]"}');
  });
});
