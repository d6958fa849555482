/**
 * Hot reload of the transcripts folder. See {@link createReloader}.
 *
 * @example
 * import { createReloader } from './reload/index.ts';
 * const reloader = createReloader({ dir: config.transcriptsDir, bot, logger });
 * await reloader.start();
 */
export { createReloader } from './reloader.ts';
export type { IndexHolder, Reloader, ReloaderOptions, ReloadLogger, ReloadSummary, SkippedFile } from './reloader.ts';
export { createWorkerBuilder } from './build.ts';
export type { IndexBuilder, WorkerBuilderOptions } from './build.ts';
