/**
 * Database faults as one line a person can act on. `openStore` throws a {@link StoreError} whose message is
 * that line (the start-up code prints it and exits); at run time callers log the error and carry on.
 */

/** A database problem, with a one-line `message` that names the database and what to do. */
export class StoreError extends Error {
  /** A short machine-readable reason: `locked`, `readonly`, `full`, `corrupt`, `unreachable`, `auth`, `other`. */
  readonly reason: StoreFaultReason;
  constructor(message: string, reason: StoreFaultReason, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StoreError';
    this.reason = reason;
  }
}

export type StoreFaultReason = 'locked' | 'readonly' | 'full' | 'corrupt' | 'unreachable' | 'auth' | 'other';

/** Classifies a driver error (better-sqlite3's `SQLITE_*` codes, node's `E*` codes, PostgreSQL SQLSTATEs). */
export function faultReason(error: unknown): StoreFaultReason {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '55P03') return 'locked';
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EROFS' || code === 'SQLITE_PERM' || code === '25006') return 'readonly';
  if (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === '53100') return 'full';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'corrupt';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === '57P03' || code === '3D000') return 'unreachable';
  if (code === '28P01' || code === '28000') return 'auth';
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') return 'readonly';
  return 'other';
}

const ADVICE: Record<StoreFaultReason, string> = {
  locked: 'it is locked by another program (close it, or raise QUOTEBOT_DB_BUSY_MS)',
  readonly: 'it cannot be written (check the file and folder permissions, or point QUOTEBOT_DB elsewhere)',
  full: 'the disk is full (free some space; LOG_DAYS prunes old questions)',
  corrupt: 'the file is not a usable SQLite database (move it aside; quotebot creates a new one on start)',
  unreachable: 'the server cannot be reached (check DATABASE_URL and that PostgreSQL is running)',
  auth: 'the server refused the login (check the user and password in DATABASE_URL)',
  other: 'see the log for details',
};

/** One line: `database <where>: <what to do> (<driver message>)`. */
export function describeFault(where: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const reason = faultReason(error);
  const detail = String((error as { message?: unknown })?.message ?? error).split('\n')[0]!.slice(0, 200);
  return new StoreError(`database ${where}: ${ADVICE[reason]} (${detail})`, reason, error);
}

/** A PostgreSQL URL with the password replaced by `***`, safe to print and log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a parseable URL: print nothing of it rather than risk a password.
    return 'DATABASE_URL (unparseable)';
  }
}
