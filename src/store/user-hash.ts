/**
 * Users are stored only as a keyed hash: HMAC-SHA256 of `platform:userId` with a secret from the
 * environment (`QUOTEBOT_SECRET`). Without the secret nobody can tell which hash is whose, even with a list
 * of user ids; with it, the bot can find a user's own rows again (for `forget-me` and changeable votes).
 *
 * @example
 * const hash = userHasher('s3cret')('discord', '80351110224678912'); // 'u1:3f0c…' (43 base64url chars)
 */
import { createHmac } from 'node:crypto';

/** Returns a function that hashes a platform user id with `secret`. The prefix `u1:` names the scheme. */
export function userHasher(secret: string): (platform: string, userId: string) => string {
  if (!secret) throw new Error('userHasher needs a non-empty secret');
  return (platform, userId) => `u1:${createHmac('sha256', secret).update(`${platform}:${userId}`).digest('base64url')}`;
}
