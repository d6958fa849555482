import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { boltLogger } from '../../../src/adapters/slack/logger.ts';
import { createLogger } from '../../../src/logger.ts';

function capture(level: 'info' | 'debug', secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: level, logLevelExplicit: true, secrets }, { destination: { write: (s: string) => void lines.push(s) } });
  return { logger, lines };
}

describe('boltLogger', () => {
  it('writes Bolt messages through pino as component slack, errors as err', () => {
    const { logger, lines } = capture('info');
    const bolt = boltLogger(logger);
    bolt.info('hello', 'world', { a: 1 });
    bolt.error('failed:', new Error('boom'));
    bolt.debug('hidden at info');
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ component: 'slack', msg: 'hello world {"a":1}', level: 30 });
    expect(entries[1]).toMatchObject({ component: 'slack', msg: 'failed:', level: 50, err: { message: 'boom' } });
  });

  it('reports the pino level to Bolt and ignores setLevel', () => {
    const bolt = boltLogger(capture('info').logger);
    expect(bolt.getLevel()).toBe(LogLevel.INFO);
    bolt.setLevel(LogLevel.DEBUG);
    expect(bolt.getLevel()).toBe(LogLevel.INFO);
    expect(boltLogger(capture('debug').logger).getLevel()).toBe(LogLevel.DEBUG);
  });

  it('scrubs configured secrets from what Bolt logs', () => {
    const { logger, lines } = capture('info', ['xoxb-secret-token-123']);
    boltLogger(logger).warn('calling with xoxb-secret-token-123');
    expect(lines.join('')).not.toContain('xoxb-secret-token-123');
  });
});
