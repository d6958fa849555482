/**
 * Spawning the real quotebot process (`node bin/quotebot.js start`) for integration tests, and reading
 * what it writes: JSON log lines on stderr (platform mode), the one-line startup error, the exit code.
 *
 * Every process started here is remembered; call {@link killAll} in `afterEach` so none outlives its test.
 *
 * @example
 * const bot = spawnBot({ DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase });
 * await bot.waitForLog((l) => l.msg === 'Discord adapter started');
 * bot.signal('SIGTERM');
 * expect((await bot.exited).code).toBe(0);
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/quotebot.js');
/** Two small transcripts of our own: bees (beeTalk0001) and sourdough (breadTalk01). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/main', import.meta.url));

/** Generous: the machine is a shared, noisy 2-core box and each process loads tsx, discord.js or Bolt. */
export const WAIT_MS = 60_000;
/** Per-test timeout for tests that spawn the bot (a test may wait several times for {@link WAIT_MS}). */
export const SPAWN_TEST_MS = 180_000;

/** A JSON log line (pino) from the bot's stderr. */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running (or finished) quotebot process. */
export interface BotProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The stderr lines that parse as JSON log objects, so far. */
  logs(): LogLine[];
  /** Resolves with the first log line satisfying `match` (rejects if the process exits first or after `timeout`). */
  waitForLog(match: (line: LogLine) => boolean, timeout?: number): Promise<LogLine>;
  signal(name: NodeJS.Signals): void;
  /** Resolves when the process has exited (and its output streams are closed). */
  readonly exited: Promise<Exit>;
}

const running = new Set<BotProcess>();
const tempDirs: string[] = [];

/** A fresh temporary folder, removed by {@link killAll}. */
export function tempDir(prefix = 'quotebot-main-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** A temporary copy of the fixture transcripts (for tests that change the folder). */
export function fixtureCopy(): string {
  const dir = tempDir('quotebot-corpus-');
  cpSync(FIXTURES, dir, { recursive: true });
  return dir;
}

/**
 * Starts `node bin/quotebot.js ...args` in an empty working directory (so no developer `.env` is read)
 * with only PATH, HOME, `TRANSCRIPTS_DIR` (the fixtures unless given) and `env`.
 */
export function spawnBot(env: Record<string, string>, args: string[] = ['start']): BotProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: tempDir('quotebot-cwd-'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TRANSCRIPTS_DIR: FIXTURES, QUOTEBOT_COOLDOWN_SECONDS: '0', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const parsed: LogLine[] = [];
  let partial = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    notify();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const value = JSON.parse(line) as LogLine;
        if (value && typeof value === 'object' && typeof value.level === 'number') parsed.push(value);
      } catch {
        // Not a log line (e.g. the one-line startup error).
      }
    }
    notify();
  });
  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => {
      done = true;
      running.delete(proc);
      notify();
      resolve({ code, signal });
    });
  });

  const proc: BotProcess = {
    child,
    stdout: () => out,
    stderr: () => err,
    logs: () => parsed,
    exited,
    signal: (name) => {
      if (!done) child.kill(name);
    },
    waitForLog(match, timeout = WAIT_MS) {
      return new Promise<LogLine>((resolve, reject) => {
        const check = () => {
          const found = parsed.find(match);
          if (found) finish(() => resolve(found));
          else if (done) finish(() => reject(new Error(`quotebot exited before the expected log line; stderr:\n${err.slice(-4000)}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`timed out waiting for a log line; stderr:\n${err.slice(-4000)}`))),
          timeout,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
  running.add(proc);
  return proc;
}

/** Waits for `promise`, failing with `what` after `timeout` ms. */
export async function within<T>(promise: Promise<T>, what: string, timeout = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const failure = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeout);
  });
  try {
    return await Promise.race([promise, failure]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills every process still running (SIGKILL) and removes the temporary folders. For `afterEach`. */
export async function killAll(): Promise<void> {
  const procs = [...running];
  for (const proc of procs) proc.child.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The non-log lines of stderr (what a person reads), trimmed, without empty ones. */
export function plainLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('{'));
}

/** The part of the Discord stand-in {@link discordAnswer} uses. */
interface DiscordRequests {
  waitForRequest(
    match: (r: { route: string; params: Record<string, string>; status: number; body: any }) => boolean,
    options?: { timeout?: number },
  ): Promise<{ body: any }>;
}

/**
 * The message data the bot finally answered an interaction with: the callback's `data` (type 4), or, when
 * a slow answer was deferred first (type 5, as a loaded machine may cause), the edit of `@original`.
 */
export async function discordAnswer(discord: DiscordRequests, interaction: { id: string; token: string }): Promise<any> {
  const callback = await discord.waitForRequest(
    (r) => r.route === 'POST /interactions/:id/:token/callback' && r.params.id === interaction.id && r.status === 204,
    { timeout: WAIT_MS },
  );
  if (callback.body?.type !== 5) return callback.body.data;
  const edit = await discord.waitForRequest(
    (r) => r.route === 'PATCH /webhooks/:app/:token/messages/@original' && r.params.token === interaction.token && r.status === 200,
    { timeout: WAIT_MS },
  );
  return edit.body;
}
