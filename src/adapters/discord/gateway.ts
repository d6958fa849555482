/**
 * Discord gateway close codes after which discord.js does not reconnect (a "fatal" close), and the one
 * line an operator reads for each: what happened and what to do. The bot exits non-zero on them (see
 * `src/main.ts`), so a process manager restarts it or alerts, instead of leaving a process that is up but
 * answers nothing.
 *
 * @example fatalCloseLine(4004) // 'Discord closed the gateway connection with code 4004 (authentication failed): ...'
 */

/** What each fatal code means and what to do (Discord's documented gateway close codes). */
const FATAL: Record<number, string> = {
  4004: 'authentication failed): the bot token was reset or revoked; put the new one in DISCORD_TOKEN',
  4010: 'invalid shard): the shard settings are wrong; check DISCORD_SHARDS',
  4011: 'sharding required): the bot is in too many servers for one connection; run `quotebot shard`',
  4012: 'invalid API version): this discord.js is too old for Discord; upgrade quotebot',
  4013: 'invalid intents): the gateway intents quotebot sends are not valid; upgrade quotebot',
  4014: 'disallowed intents): the bot is not allowed the gateway intents it asks for; check Bot > Privileged Gateway Intents in the Developer Portal',
};

/** The close codes after which discord.js gives up (its `UNRECOVERABLE_CLOSE_CODES`). */
export const FATAL_CLOSE_CODES: readonly number[] = Object.keys(FATAL).map(Number);

/** One line for a fatal gateway close: code, meaning, what to do. */
export function fatalCloseLine(code: number): string {
  const what = FATAL[code] ?? 'a close discord.js does not recover from)';
  return `Discord closed the gateway connection with code ${code} (${what}. quotebot can no longer receive anything from Discord.`;
}

/** The errors @discordjs/ws raises for the fatal closes while logging in, by message. */
const LOGIN_ERRORS: Record<string, number> = {
  'Used disallowed intents': 4014,
  'Used invalid intents': 4013,
  'Used an invalid API version': 4012,
  'Sharding is required': 4011,
  'Invalid shard': 4010,
};

/** The fatal close code behind a login error (`DisallowedIntents`, "Used disallowed intents"...), if any. */
export function fatalLoginCode(error: unknown): number | undefined {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (e?.code === 'DisallowedIntents') return 4014;
  return typeof e?.message === 'string' ? LOGIN_ERRORS[e.message] : undefined;
}
