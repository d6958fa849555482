/** What the Slack listeners (`command.ts`, `mention.ts`, `buttons.ts`) share; `index.ts` makes it once. */
import type { ChatBot } from '../../core/chat-bot.ts';
import type { Requester } from '../../core/types.ts';
import type { Logger } from '../../logger.ts';

/** The listeners' dependencies (tests pass fakes: no Bolt app or stand-in needed). */
export interface SlackDeps {
  bot: ChatBot;
  log: Logger;
  /**
   * The requester for a Slack user id (admin when listed in `QUOTEBOT_ADMINS`), with the workspace and
   * channel when known (they carry per-workspace and per-channel settings).
   */
  requester(userId: string, space?: string, channel?: string): Requester;
}

/** The requester factory of {@link SlackDeps} for the configured admins. */
export function requesterFor(admins: readonly string[]): SlackDeps['requester'] {
  const set = new Set(admins);
  return (userId, space, channel) => ({ platform: 'slack', userId, isAdmin: set.has(userId), ...(space ? { space } : {}), ...(channel ? { channel } : {}) });
}
