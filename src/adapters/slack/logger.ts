/**
 * Bolt's `Logger` interface on top of the project's pino logger, so Bolt, its Web API client and the
 * Socket Mode client write structured lines through the same redacting logger as the rest of quotebot.
 *
 * pino's level decides what is written; Bolt's `setLevel()` is ignored and `getLevel()` reports the
 * pino level, so Bolt's own debug-only work (request dumps) only happens when `LOG_LEVEL=debug`.
 *
 * @example
 * new App({ logger: boltLogger(logger), ... })
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

function text(args: unknown[]): string {
  return args
    .filter((a) => !(a instanceof Error))
    .map((a) => {
      if (typeof a === 'string') return a;
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}

/** A Bolt-compatible logger writing to `logger` (as a child with `component: 'slack'`). */
export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'slack' });
  const write = (level: 'debug' | 'info' | 'warn' | 'error', args: unknown[]): void => {
    if (!child.isLevelEnabled(level)) return;
    const err = args.find((a): a is Error => a instanceof Error);
    const msg = text(args) || err?.message || '';
    if (err) child[level]({ err }, msg);
    else child[level](msg);
  };
  return {
    debug: (...args: unknown[]) => write('debug', args),
    info: (...args: unknown[]) => write('info', args),
    warn: (...args: unknown[]) => write('warn', args),
    error: (...args: unknown[]) => write('error', args),
    setLevel: () => {},
    getLevel: () => {
      if (child.isLevelEnabled('debug')) return LogLevel.DEBUG;
      if (child.isLevelEnabled('info')) return LogLevel.INFO;
      if (child.isLevelEnabled('warn')) return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: (name: string) => {
      child = logger.child({ component: 'slack', name });
    },
  };
}
