import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { consoleDestination, createLogger, secretScrubber } from '../src/logger.ts';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (s: string) => void lines.push(s) } };
}

const config = loadConfig({ DISCORD_TOKEN: 'MTIzNDU2.discord.secret-value', SLACK_BOT_TOKEN: 'xoxb-slack-secret', SLACK_SIGNING_SECRET: 'sign"ing\\secret' });

describe('logger', () => {
  it('redacts credentials by key path and by value, anywhere in a line', () => {
    const out = capture();
    const logger = createLogger(config, { destination: out.destination });
    logger.info({ token: 'anything', config: { discord: { token: 'x' } }, headers: { authorization: 'Bearer y' } }, 'keys');
    logger.info(`login failed with MTIzNDU2.discord.secret-value and sign"ing\\secret`);
    logger.error({ err: new Error('bad token xoxb-slack-secret') }, 'value in an error');
    const all = out.lines.join('');
    for (const secret of ['MTIzNDU2.discord.secret-value', 'xoxb-slack-secret', 'sign\\"ing\\\\secret', 'anything', 'Bearer y']) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('[Redacted]');
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ level: 30, msg: 'keys', token: '[Redacted]' });
  });

  it('honours LOG_LEVEL, and is quiet in console mode unless LOG_LEVEL is set', () => {
    const out = capture();
    createLogger(loadConfig({ LOG_LEVEL: 'warn' }), { destination: out.destination }).info('hidden');
    expect(out.lines).toHaveLength(0);
    const quiet = createLogger(loadConfig({}), { mode: 'console', destination: out.destination });
    quiet.info('not in the chat');
    quiet.warn({ file: 'x.vtt' }, 'skipped x.vtt');
    expect(out.lines).toHaveLength(1);
    expect(createLogger(loadConfig({ LOG_LEVEL: 'debug' }), { mode: 'console' }).level).toBe('debug');
  });

  it('console lines are short and human', () => {
    const lines: string[] = [];
    const dest = consoleDestination({ write: (s: string) => lines.push(s) });
    dest.write(`${JSON.stringify({ level: 40, time: 1, msg: 'skipped x.vtt', file: 'x.vtt' })}\n`);
    expect(lines[0]).toBe('warn: skipped x.vtt (file=x.vtt)\n');
  });

  it('ignores very short secrets (they would censor ordinary words)', () => {
    expect(secretScrubber(['abc'])('abc abc')).toBe('abc abc');
    expect(secretScrubber(['abcdef'])('xabcdefx')).toBe('x[Redacted]x');
  });
});
