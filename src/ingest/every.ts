/**
 * `UPDATE_EVERY` periods: `30m`, `6h`, `1d`, `1h30m`; `off` (the default), `0` or `never` for no schedule.
 * Its own module so the configuration can check it without loading the ingest engine.
 *
 * @example
 * parseEvery('6h') // 21600000
 * parseEvery('hourly') // 'is not a period: use minutes, hours or days such as 30m, 6h or 1d (or off).'
 */

/** Shortest period accepted (a site is not to be polled harder than this). */
export const MIN_EVERY_MS = 5 * 60_000;
/** Longest period (setTimeout's limit is about 24.8 days). */
export const MAX_EVERY_MS = 24 * 24 * 3_600_000;

const UNITS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a period such as `30m`, `6h`, `1d` (also `1h30m`); `off`, `0` or `never` is null (no schedule).
 * Returns a sentence saying what is wrong for anything else.
 */
export function parseEvery(raw: string): number | null | string {
  const text = raw.trim().toLowerCase();
  if (text === 'off' || text === '0' || text === 'never' || text === 'false') return null;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(min|m|h|d)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('').replace(/\s+/g, '') !== text.replace(/\s+/g, '')) {
    return 'is not a period: use minutes, hours or days such as 30m, 6h or 1d (or off).';
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
  if (ms < MIN_EVERY_MS) return `is too often: the shortest period is ${MIN_EVERY_MS / 60_000}m.`;
  if (ms > MAX_EVERY_MS) return `is too long: the longest period is ${MAX_EVERY_MS / 86_400_000}d.`;
  return Math.round(ms);
}

