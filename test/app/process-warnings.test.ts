/** Process warnings (a failed ranking thread, Node's own) reach the bot's JSON log with their stacks. */
import { describe, expect, it } from 'vitest';
import { logProcessWarnings } from '../../src/app/process-warnings.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';

const TOKEN = 'MTIzNDU2.discord.warning-secret';

/** A JSON logger writing into `lines`, with a Discord token among its secrets. */
function captured() {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const logger = createLogger(loadConfig({ DISCORD_TOKEN: TOKEN }), { destination: { write: (s: string) => void (raw.push(s), lines.push(JSON.parse(s) as Record<string, unknown>)) } });
  return { logger, lines, raw };
}

/** Resolves once Node has delivered the warnings emitted so far (it emits them on the next tick). */
const delivered = () => new Promise<void>((resolve) => setImmediate(resolve));

function emitFromHere(message: string): void {
  process.emitWarning(message);
}

describe('logProcessWarnings', () => {
  it('logs a process warning at warn, with its message and the stack of where it was emitted', async () => {
    const { logger, lines } = captured();
    const stop = logProcessWarnings(logger);
    try {
      emitFromHere('ranking thread failed: Error: boom\n    at rank (rank-worker.ts:1:1)');
      await delivered();
    } finally {
      stop();
    }
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line.level).toBe(40);
    expect(line.msg).toBe('process warning: ranking thread failed: Error: boom\n    at rank (rank-worker.ts:1:1)');
    const err = line.err as { message: string; stack: string; type: string };
    expect(err.message).toContain('ranking thread failed');
    expect(err.stack).toMatch(/^Warning: ranking thread failed/);
    expect(err.stack).toContain('emitFromHere');
  });

  it('never logs a token a warning holds, and stops when told', async () => {
    const { logger, lines, raw } = captured();
    const stop = logProcessWarnings(logger);
    try {
      process.emitWarning(`request failed with ${TOKEN}`);
      await delivered();
    } finally {
      stop();
    }
    process.emitWarning('after the stop');
    await delivered();
    expect(lines.map((l) => l.msg)).toEqual(['process warning: request failed with [Redacted]']);
    expect(raw.join('')).not.toContain(TOKEN);
  });
});
