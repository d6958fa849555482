/**
 * discord.js's own warnings and (at LOG_LEVEL=debug) its trace reach the bot's log, never with the token.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startDiscord } from '../../../src/adapters/discord/index.ts';
import { QuoteBot } from '../../../src/core/bot.ts';
import type { Logger } from '../../../src/logger.ts';
import { configFor, FAST_REST, fixtureIndex } from './harness.ts';
import { DiscordStandIn } from './stand-in.ts';

/** A token shaped like Discord's: id.timestamp.hmac (discord.js masks only the last part in its trace). */
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GhIjKl.s3cretHmacPartOfTheToken';

function capture(level: string): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level }, stream) as unknown as Logger, lines };
}

/** Logs in to the stand-in and stops again, logging at `level`; returns the log lines. */
async function loginLines(level: string): Promise<string[]> {
  const discord = await DiscordStandIn.start({ token: TOKEN });
  const { logger, lines } = capture(level);
  try {
    const adapter = await startDiscord(new QuoteBot(await fixtureIndex(), { cooldownSeconds: 0 }), configFor(discord), logger, { rest: FAST_REST });
    await adapter.stop();
  } finally {
    await discord.stop();
  }
  return lines;
}

describe('discord.js logs', () => {
  it('forwards the discord.js trace at debug level with the token redacted', async () => {
    const lines = await loginLines('debug');
    const trace = lines.filter((l) => l.includes('"source":"discord.js"'));
    expect(trace.length).toBeGreaterThan(0);
    expect(trace.some((l) => l.includes('Provided token: [Redacted]'))).toBe(true);
    const all = lines.join('');
    expect(all).not.toContain('s3cretHmacPartOfTheToken');
    expect(all).not.toContain('MTAwMDAwMDAwMDAwMDAwMDAx.GhIjKl');
  });

  it('sends no trace at info level', async () => {
    const lines = await loginLines('info');
    expect(lines.filter((l) => l.includes('"source":"discord.js"'))).toEqual([]);
  });
});
