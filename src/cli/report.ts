/** `quotebot report [--days N]`: the owner's report from the database, without starting the bot. */
import type { Writable } from 'node:stream';
import type { Config } from '../config.ts';
import { reportText } from '../core/report.ts';
import { createLogger } from '../logger.ts';
import { StartupError } from '../app/errors.ts';
import { openMemory } from '../app/database.ts';

/** Prints the report for the last `days` days; exit code 0. A database that cannot be opened is a one-line StartupError. */
export async function printReport(config: Config, days: number, output: Writable): Promise<number> {
  if (!config.database.enabled) throw new StartupError('report needs the database, which is off (QUOTEBOT_DB=off).');
  const logger = createLogger(config, { mode: 'console' });
  const opened = await openMemory(config.database, logger);
  try {
    output.write(`${reportText(await opened!.memory.report(days))}\n`);
  } finally {
    await opened!.close();
  }
  return 0;
}
