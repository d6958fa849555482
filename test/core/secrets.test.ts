import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { QuoteBot } from '../../src/core/bot.ts';
import { secretFinder } from '../../src/core/secrets.ts';
import { loadCorpus } from '../../src/corpus/load.ts';
import { prepareService } from '../../src/app/startup.ts';
import { buildIndex } from '../../src/search/index.ts';
import { discordUser, recordingLogger } from './helpers.ts';

// Made-up values shaped like a Discord token and a Slack signing secret.
const TOKEN = 'MTE5OTk4ODc3NjY1NTQ0MzMyMQ.GhJkLm.abcdefGHIJKLmnopQRSTuv_wxyz012345';
const SIGNING = '8f14e45fceea167a5a36dedd4bea2543';

function leakyFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qb-secret-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'Leaky Talk [leakyTalk01].srt'),
    `1\n00:00:01,000 --> 00:00:04,000\nthe deployment token is ${TOKEN} keep it safe\n\n` +
      `2\n00:00:05,000 --> 00:00:09,000\nand the signing secret for the webhook is ${SIGNING.slice(0, 16)} ${SIGNING.slice(16)}\n`,
  );
  writeFileSync(join(dir, 'Bees [beeTalk0001].srt'), '1\n00:00:01,000 --> 00:00:04,000\nbees make honey from nectar in the summer\n');
  return dir;
}

describe('an answer containing a configured secret', () => {
  it('is never returned: the asker gets an error with a reference id, the log names the reference, not the secret', async () => {
    const index = buildIndex(await loadCorpus(leakyFolder()));
    const logger = recordingLogger();
    const bot = new QuoteBot(index, { secrets: [TOKEN, SIGNING], logger, cooldownSeconds: 0 });
    for (const topic of ['deployment token', 'signing secret webhook']) {
      const answer = await bot.handle({ command: 'quote', args: { topic }, user: discordUser });
      expect(answer.kind).toBe('error');
      expect(answer.reference).toMatch(/^E[0-9A-Z]{6}$/);
      const sent = JSON.stringify(answer);
      expect(sent).not.toContain(TOKEN);
      expect(sent).not.toContain(SIGNING.slice(0, 16));
      const line = logger.lines.find((l) => l.obj.reference === answer.reference)!;
      expect(String((line.obj.err as Error).message)).toMatch(/configured secret/);
      expect(JSON.stringify(line.obj)).not.toContain(TOKEN);
    }
    // Answers without a secret go out as usual.
    const fine = await bot.handle({ command: 'quote', args: { topic: 'bees honey' }, user: discordUser });
    expect(fine.kind).toBe('quotes');
    expect(fine.quotes![0]!.text).toContain('bees make honey');
  });

  it('is held back by the service main starts, with the secrets of the configuration', async () => {
    const dir = leakyFolder();
    const config = loadConfig({ TRANSCRIPTS_DIR: dir, DISCORD_TOKEN: TOKEN, QUOTEBOT_CACHE_DIR: 'off', LOG_LEVEL: 'silent' }, dir);
    const logger = recordingLogger();
    const { bot, reloader } = await prepareService(config, { ...logger, debug: () => {}, child: () => logger } as never);
    try {
      const answer = await bot.handle({ command: 'quote', args: { topic: 'deployment token' }, user: discordUser });
      expect(answer.kind).toBe('error');
      expect(JSON.stringify(answer)).not.toContain(TOKEN);
    } finally {
      await reloader.stop();
    }
  });

  it('is found through markup escaping and line breaks, and short or missing secrets match nothing', () => {
    const finds = secretFinder([TOKEN, 'abc']);
    const answer = (text: string) => ({ kind: 'quotes' as const, quotes: [{ text } as never] });
    expect(finds(answer(`x ${TOKEN.replace(/_/g, '\\_')} y`))).toBe(true);
    expect(finds(answer(`x ${TOKEN.slice(0, 20)}\n${TOKEN.slice(20)}`))).toBe(true);
    expect(finds(answer('abc is a short word'))).toBe(false);
    expect(secretFinder([])(answer(TOKEN))).toBe(false);
  });
});
