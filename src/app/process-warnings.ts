/**
 * Process warnings into the bot's log. Code that has no logger to hand reports what went wrong but did not
 * stop it with `process.emitWarning` (a ranking thread that failed, its stack in the message:
 * `src/search/ranking/rank-thread.ts`; an index cache file descriptor not closed:
 * `src/search/persist/transcript-source.ts`), as does Node itself. Node prints them as plain text on stderr,
 * outside the JSON log, and `--no-warnings` drops that print; its `'warning'` event still fires, and this
 * listener logs each one at `warn` with its message and stack (`err`, through the logger's serializer, which
 * strips tokens; the secret scrubber applies to the whole line).
 *
 * @example
 * const stopLogging = logProcessWarnings(logger);
 * process.emitWarning('ranking thread failed: ...'); // -> {"level":40,"err":{"stack":"Warning: ..."},"msg":"process warning: ranking thread failed: ..."}
 * stopLogging();
 */
import type { Logger } from '../logger.ts';

/** Logs every process warning emitted from now on to `logger`; returns the function that stops it. */
export function logProcessWarnings(logger: Pick<Logger, 'warn'>, emitter: NodeJS.EventEmitter = process): () => void {
  const onWarning = (warning: Error) => logger.warn({ err: warning }, `process warning: ${warning.message}`);
  emitter.on('warning', onWarning);
  return () => void emitter.off('warning', onWarning);
}
