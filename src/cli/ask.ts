/** `quotebot ask "topic"`: one `quote` answer, rendered as the console chat would show it. */
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { prepareService } from '../app/startup.ts';
import { renderAnswer } from '../adapters/console/render.ts';
import type { Args } from '../core/types.ts';
import { runAskJson } from './ask-json.ts';

/** Prints the answer; exit code 0, or 1 when the bot answered with an error. */
export async function askOnce(config: Config, args: Args, output: Writable & { isTTY?: boolean }): Promise<number> {
  const logger = createLogger(config, { mode: 'console' });
  const { bot, closeDatabase } = await prepareService(config, logger);
  const answer = await bot.handle({ command: 'quote', args, user: { platform: 'cli', userId: 'cli' } });
  await closeDatabase();
  output.write(`${renderAnswer(answer, { color: output.isTTY === true })}\n`);
  return answer.kind === 'error' ? 1 : 0;
}

/** `quotebot ask --json`: answers chat lines given as JSON lines on `input` (see `ask-json.ts`); exit code 0. */
export async function askJson(config: Config, input: Readable, output: Writable): Promise<number> {
  const logger = createLogger(config, { mode: 'console' });
  const { bot, closeDatabase } = await prepareService(config, logger);
  try {
    await runAskJson(bot, input, output);
  } finally {
    await closeDatabase();
  }
  return 0;
}
