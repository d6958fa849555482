/**
 * Running yt-dlp: finding the executable (`YT_DLP`, else `yt-dlp` on `PATH`) and running it with an
 * argument array (`execFile`, never a shell), with a time limit. Every run starts with `--ignore-config`
 * so a user's yt-dlp configuration cannot change what quotebot writes (media downloads, file names).
 *
 * @example
 * const ytdlp = await findYtDlp(config.ytDlpEnv);    // throws YtDlpMissingError with an install hint
 * const { stdout } = await runYtDlp(ytdlp, ['--version']);
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** How to get yt-dlp, for the one-line "missing" message and the README. */
export const INSTALL_HINT =
  'install it with "pipx install yt-dlp" (or "apt-get install yt-dlp", or the single-file download from github.com/yt-dlp/yt-dlp), or set YT_DLP to its path';

/** yt-dlp is neither at `YT_DLP` nor on `PATH` (one line, with how to install it). */
export class YtDlpMissingError extends Error {
  constructor(detail: string) {
    super(`yt-dlp is needed to add videos but ${detail}: ${INSTALL_HINT}.`);
    this.name = 'YtDlpMissingError';
  }
}

/** A yt-dlp run that exited non-zero or could not run; `stderr` holds yt-dlp's own messages. */
export class YtDlpRunError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly code: number | string | null,
  ) {
    super(message);
    this.name = 'YtDlpRunError';
  }
}

/** The yt-dlp executable to run. */
export interface YtDlp {
  /** Absolute path of the executable. */
  path: string;
  /** Extra environment for its runs (added to this process's). */
  env?: Record<string, string>;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    // Missing or not executable: the caller tries the next place (or reports yt-dlp missing).
    return false;
  }
}

/** Finds yt-dlp: `env.YT_DLP` (a path, or a command name looked up on PATH), else `yt-dlp` on `env.PATH`. */
export async function findYtDlp(env: Record<string, string | undefined>): Promise<YtDlp> {
  const configured = env.YT_DLP?.trim();
  const name = configured || 'yt-dlp';
  if (name.includes('/') || isAbsolute(name)) {
    const path = resolve(name);
    if (await isExecutable(path)) return { path };
    throw new YtDlpMissingError(`YT_DLP=${configured} is not an executable file`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, name);
    if (await isExecutable(path)) return { path };
  }
  throw new YtDlpMissingError(configured ? `YT_DLP=${configured} was not found on PATH` : 'it was not found on PATH');
}

/** Default time limit of one yt-dlp run (a channel listing can take a while; a stuck run must end). */
export const DEFAULT_RUN_TIMEOUT_MS = 10 * 60_000;

/** Options of {@link runYtDlp}. */
export interface RunOptions {
  /** Working directory (default: the process's). */
  cwd?: string;
  /** Kill the run after this long (default {@link DEFAULT_RUN_TIMEOUT_MS}). */
  timeoutMs?: number;
}

/**
 * Runs yt-dlp with `args` (after `--ignore-config`); resolves with its output, rejects with a
 * {@link YtDlpRunError} carrying stderr when it fails.
 */
export function runYtDlp(ytdlp: YtDlp, args: string[], options: RunOptions = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      ytdlp.path,
      ['--ignore-config', ...args],
      { cwd: options.cwd, env: ytdlp.env ? { ...process.env, ...ytdlp.env } : process.env, timeout: options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolvePromise({ stdout, stderr });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: number | string | null };
        if (e.code === 'ENOENT' || e.code === 'EACCES') return reject(new YtDlpMissingError(`${ytdlp.path} could not be run (${e.code})`));
        const why = e.killed && e.signal ? `yt-dlp was stopped after ${Math.round((options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS) / 1000)} s` : `yt-dlp exited with code ${String(e.code)}`;
        reject(new YtDlpRunError(why, stderr, e.code ?? null));
      },
    );
  });
}

/** `yt-dlp --version` (e.g. `2023.03.04`). */
export async function ytDlpVersion(ytdlp: YtDlp): Promise<string> {
  return (await runYtDlp(ytdlp, ['--version'], { timeoutMs: 60_000 })).stdout.trim();
}
