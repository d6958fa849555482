/** `quotebot ask "topic"`: one `quote` answer, rendered as the console chat would show it. */
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { prepareService } from '../app/startup.ts';
import { renderAnswer } from '../adapters/console/render.ts';
import type { Args } from '../core/types.ts';
import { runAskJson } from './ask-json.ts';
import { UsageError } from './usage-error.ts';
import { unknownCollections } from './collections.ts';

/**
 * Prints the answer; exit code 0, 1 when the bot answered with an error, 2 for an unknown collection.
 * `collections`: only their videos are searched (`--collection`). Default: all.
 */
export async function askOnce(config: Config, args: Args, output: Writable & { isTTY?: boolean }, collections: readonly string[] = []): Promise<number> {
  const logger = createLogger(config, { mode: 'console' });
  const { bot, closeDatabase } = await prepareService(config, logger, { collections });
  const unknown = unknownCollections(bot.index, collections);
  if (unknown) {
    await closeDatabase();
    throw new UsageError(unknown);
  }
  const answer = await bot.handle({ command: 'quote', args, user: { platform: 'cli', userId: 'cli' } });
  await closeDatabase();
  output.write(`${renderAnswer(answer, { color: output.isTTY === true })}\n`);
  return answer.kind === 'error' ? 1 : 0;
}

/** `quotebot ask --json`: answers chat lines given as JSON lines on `input` (see `ask-json.ts`); exit code 0. */
export async function askJson(config: Config, input: Readable, output: Writable, collections: readonly string[] = []): Promise<number> {
  const logger = createLogger(config, { mode: 'console' });
  const { bot, closeDatabase } = await prepareService(config, logger, { collections });
  try {
    const unknown = unknownCollections(bot.index, collections);
    if (unknown) throw new UsageError(unknown);
    await runAskJson(bot, input, output);
  } finally {
    await closeDatabase();
  }
  return 0;
}
