/**
 * Health of a running bot, for a supervisor to poll: each platform adapter's connection state.
 *
 * - The serving process keeps a {@link HealthBoard} (adapters report `connecting` / `connected` /
 *   `reconnecting` / `disconnected`) and writes it to a small JSON file ({@link writeHealthFile},
 *   `QUOTEBOT_HEALTH_FILE`, default `.quotebot-health.json` in the working directory) on every change and
 *   every {@link HEARTBEAT_MS}; the file is removed at shutdown.
 * - `quotebot health` reads that file ({@link checkHealth}) and exits 0 when the process is alive, the
 *   file fresh, and every adapter connected; 1 otherwise, with one line per adapter.
 * - In Slack HTTP mode the same report is also served as `GET /healthz` on `SLACK_PORT` (200 healthy, 503
 *   not), since that process already serves HTTP.
 *
 * @example
 * const board = new HealthBoard();
 * board.set('discord', 'connected');
 * const file = writeHealthFile('.quotebot-health.json', board); ... await file.stop();
 * const { code, lines } = await checkHealth('.quotebot-health.json'); // code 0: healthy
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';

/** A platform connection's state. Only `connected` is healthy. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** One adapter's entry in a {@link HealthReport}. */
export interface AdapterHealth {
  /** `discord` or `slack`. */
  platform: string;
  state: ConnectionState;
  /** Since when (ISO time) it is in this state. */
  since: string;
  /** Why, for `disconnected` (e.g. `gateway closed with 4004 (authentication failed)`). */
  detail?: string;
}

/**
 * What `quotebot health` and `/healthz` report.
 * @example { healthy: true, pid: 4242, updatedAt: '2026-12-06T04:00:00.000Z', adapters: [{ platform: 'discord', state: 'connected', since: '...' }] }
 */
export interface HealthReport {
  /** True when every adapter is connected. */
  healthy: boolean;
  /** The serving process. */
  pid: number;
  /** When this report was made (ISO time). */
  updatedAt: string;
  adapters: AdapterHealth[];
}

/** How often the health file is rewritten while nothing changes, in ms. */
export const HEARTBEAT_MS = 10_000;
/** A health file older than this is stale (the process hangs or died without removing it), in ms. */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;

/** The adapters' connection states in one process. */
export class HealthBoard {
  private readonly adapters = new Map<string, AdapterHealth>();
  private readonly listeners = new Set<() => void>();

  /** Records `platform`'s state (and why); listeners hear about real changes only. */
  set(platform: string, state: ConnectionState, detail?: string): void {
    const old = this.adapters.get(platform);
    if (old && old.state === state && old.detail === detail) return;
    const entry: AdapterHealth = { platform, state, since: new Date().toISOString() };
    if (detail) entry.detail = detail;
    this.adapters.set(platform, entry);
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after every change; returns a function that removes it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The report as of now. */
  report(): HealthReport {
    const adapters = [...this.adapters.values()];
    return { healthy: adapters.length > 0 && adapters.every((a) => a.state === 'connected'), pid: process.pid, updatedAt: new Date().toISOString(), adapters };
  }
}

/** A running health file writer. */
export interface HealthFile {
  /** Stops writing and removes the file (a stopped bot has no health). */
  stop(): Promise<void>;
}

/**
 * Writes `board`'s report to `file` now, on every change and every {@link HEARTBEAT_MS} (atomically:
 * a temporary file renamed over it). A write that fails is reported to `onError` once per message and
 * retried at the next beat; the bot serves on.
 */
export function writeHealthFile(file: string, board: HealthBoard, onError: (error: Error) => void = () => {}): HealthFile {
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;
  let lastError = '';
  const write = (): void => {
    writing = writing.then(async () => {
      if (stopped) return;
      const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, `${JSON.stringify(board.report())}\n`);
        await rename(tmp, file);
        lastError = '';
      } catch (error) {
        await unlink(tmp).catch(() => undefined); // the temporary file may not exist; the error that counts is reported below
        const message = (error as Error)?.message ?? String(error);
        if (message !== lastError) onError(error instanceof Error ? error : new Error(message));
        lastError = message;
      }
    });
  };
  const off = board.onChange(write);
  const beat = setInterval(write, HEARTBEAT_MS);
  beat.unref();
  write();
  return {
    async stop() {
      stopped = true;
      off();
      clearInterval(beat);
      await writing;
      await unlink(file).catch(() => undefined); // already gone is fine: the aim is that no stale file remains
    },
  };
}

/** True when a process with this id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Reads the health file of a running bot: exit `code` 0 when healthy, 1 when not (no bot running, a
 * stale file, an adapter not connected), and the lines to print.
 */
export async function checkHealth(file: string, now: number = Date.now()): Promise<{ code: 0 | 1; lines: string[] }> {
  let report: HealthReport;
  try {
    report = JSON.parse(await readFile(file, 'utf8')) as HealthReport;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `no health file at ${file} (is quotebot running with platform tokens, from this folder or with the same QUOTEBOT_HEALTH_FILE?)` : `health file ${file} unreadable: ${(error as Error).message}`;
    return { code: 1, lines: [`unhealthy: ${why}`] };
  }
  const age = now - Date.parse(report.updatedAt);
  const lines = (report.adapters ?? []).map((a) => `${a.platform}: ${a.state} since ${a.since}${a.detail ? ` (${a.detail})` : ''}`);
  if (!Number.isInteger(report.pid) || !alive(report.pid)) return { code: 1, lines: [`unhealthy: process ${report.pid} is not running (the file is left from an earlier run)`, ...lines] };
  if (!(age <= STALE_AFTER_MS)) return { code: 1, lines: [`unhealthy: process ${report.pid} last reported ${Math.round(age / 1000)} s ago (hung?)`, ...lines] };
  return report.healthy ? { code: 0, lines: [`healthy: process ${report.pid}`, ...lines] } : { code: 1, lines: [`unhealthy: process ${report.pid}: not every platform is connected`, ...lines] };
}
