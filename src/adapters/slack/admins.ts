/**
 * Is a Slack user a workspace admin? The fact the adapter reports to the core (`Requester.isAdmin`), as
 * Discord reports Manage Server; the core decides (that fact, or `QUOTEBOT_ADMINS`). Read from Slack's
 * `users.info` (`is_admin`, `is_owner`, `is_primary_owner`; scope `users:read`) and cached briefly per
 * workspace and user, so a busy channel costs one call per user per {@link ADMIN_CACHE_MS}.
 *
 * A failed or slow call is no crash and no admin: it is logged as a warning, the answer goes on (then only
 * `QUOTEBOT_ADMINS` count), and the failure is remembered for {@link ADMIN_FAILURE_CACHE_MS} so a Slack outage
 * does not slow every request.
 *
 * @example
 * const isAdmin = workspaceAdmins((user) => app.client.users.info({ user }), log);
 * await isAdmin('U0123', 'T0456') // true for a workspace admin or owner
 */
import type { Logger } from '../../logger.ts';

/** How long a user's admin status is trusted before Slack is asked again (ms). */
export const ADMIN_CACHE_MS = 60_000;
/** How long a failed `users.info` is remembered (no admin; ms). */
export const ADMIN_FAILURE_CACHE_MS = 10_000;
/** Longest a request waits for `users.info` before going on without it (ms). */
export const ADMIN_LOOKUP_TIMEOUT_MS = 2_000;
/** Most users remembered (the oldest is forgotten first). */
const MAX_CACHED = 10_000;

/** What `users.info` answers, as far as the admin check reads it. */
export interface SlackUserInfo {
  ok?: boolean;
  error?: string;
  user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean };
}

/** Options of {@link workspaceAdmins} (tests shorten the times). */
export interface WorkspaceAdminOptions {
  /** Default {@link ADMIN_CACHE_MS}. */
  cacheMs?: number;
  /** Default {@link ADMIN_FAILURE_CACHE_MS}. */
  failureCacheMs?: number;
  /** Default {@link ADMIN_LOOKUP_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/** A cached `(userId, teamId) => is a workspace admin` over a `users.info` call. Never rejects. */
export function workspaceAdmins(
  usersInfo: (userId: string) => Promise<SlackUserInfo>,
  log: Logger,
  options: WorkspaceAdminOptions = {},
): (userId: string, teamId?: string) => Promise<boolean> {
  const cache = new Map<string, { admin: boolean; until: number }>();
  const now = options.now ?? Date.now;
  const remember = (key: string, admin: boolean, ms: number): boolean => {
    cache.delete(key);
    cache.set(key, { admin, until: now() + ms });
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
    return admin;
  };
  return async (userId, teamId) => {
    const key = `${teamId ?? ''}:${userId}`;
    const known = cache.get(key);
    if (known && known.until > now()) return known.admin;
    try {
      const info = await withTimeout(usersInfo(userId), options.timeoutMs ?? ADMIN_LOOKUP_TIMEOUT_MS);
      if (info.ok === false || !info.user) throw new Error(`users.info answered ${info.error ?? 'without a user'}`);
      const admin = info.user.is_admin === true || info.user.is_owner === true || info.user.is_primary_owner === true;
      return remember(key, admin, options.cacheMs ?? ADMIN_CACHE_MS);
    } catch (error) {
      log.warn({ err: error, user: userId, team: teamId }, 'could not check whether a Slack user is a workspace admin (users.info; needs the users:read scope); only QUOTEBOT_ADMINS count for them for now');
      return remember(key, false, options.failureCacheMs ?? ADMIN_FAILURE_CACHE_MS);
    }
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`users.info took longer than ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
