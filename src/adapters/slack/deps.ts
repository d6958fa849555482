/** What the Slack listeners (`command.ts`, `mention.ts`, `buttons.ts`) share; `index.ts` makes it once. */
import type { ChatBot } from '../../core/chat-bot.ts';
import type { Requester } from '../../core/types.ts';
import type { Logger } from '../../logger.ts';

/** The listeners' dependencies (tests pass fakes: no Bolt app or stand-in needed). */
export interface SlackDeps {
  bot: ChatBot;
  log: Logger;
  /**
   * The requester for a Slack user id, with the workspace and channel when known (they carry
   * per-workspace and per-channel settings) and `isAdmin` when Slack says the user is a workspace admin
   * (the core adds `QUOTEBOT_ADMINS`). Never rejects.
   */
  requester(userId: string, space?: string, channel?: string): Promise<Requester>;
}

/** The requester factory of {@link SlackDeps} over a workspace-admin check (`admins.ts`). */
export function requesterFor(isWorkspaceAdmin: (userId: string, teamId?: string) => Promise<boolean>): SlackDeps['requester'] {
  return async (userId, space, channel) => ({
    platform: 'slack',
    userId,
    isAdmin: await isWorkspaceAdmin(userId, space),
    ...(space ? { space } : {}),
    ...(channel ? { channel } : {}),
  });
}
