/**
 * The running bot's scheduled update (`UPDATE_EVERY`, off by default): every period it runs
 * `quotebot update`'s engine over the followed sources; the hot reload then picks up the new files like
 * any others. A run that is still going when the next is due is not doubled (the next waits a period).
 *
 * @example
 * const schedule = startUpdateSchedule({ everyMs: 6 * 3_600_000, update: () => updateSources(...), logger });
 * schedule.stop();
 */
import type { Logger } from '../logger.ts';
import { countLine } from './summary.ts';
import type { IngestSummary } from './ingest.ts';

export { parseEvery, MIN_EVERY_MS, MAX_EVERY_MS } from './every.ts';

/** A running schedule. */
export interface UpdateSchedule {
  /** Stops the timer (a run in progress finishes on its own). */
  stop(): void;
  /** The run in progress, if any (tests and shutdown can wait for it). */
  running(): Promise<void> | undefined;
}

/** What {@link startUpdateSchedule} needs. */
export interface ScheduleOptions {
  everyMs: number;
  /** One update run (the engine's `updateSources` bound to the folder). */
  update(): Promise<IngestSummary>;
  logger: Logger;
  /** Timer functions (tests may pass fakes). Default the global ones. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Starts the schedule: the first run one period after start, then one period after each run ends. */
export function startUpdateSchedule(options: ScheduleOptions): UpdateSchedule {
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  let handle: unknown;
  let stopped = false;
  let current: Promise<void> | undefined;
  const tick = () => {
    current = (async () => {
      options.logger.info({ everyMs: options.everyMs }, 'scheduled update of the followed sources: starting');
      try {
        const summary = await options.update();
        const failed = summary.outcomes.filter((o) => o.status === 'failed').map((o) => `${o.title}: ${o.reason}`);
        options.logger.info({ ...summary.counts, failed }, `scheduled update: ${countLine(summary)}`);
      } catch (error) {
        options.logger.error({ err: error }, `scheduled update failed: ${(error as Error)?.message ?? String(error)}`);
      }
    })();
    void current.finally(() => {
      current = undefined;
      if (!stopped) handle = setTimer(tick, options.everyMs);
    });
  };
  handle = setTimer(tick, options.everyMs);
  return {
    stop() {
      stopped = true;
      clearTimer(handle);
    },
    running: () => current,
  };
}
