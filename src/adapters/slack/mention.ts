/**
 * `@quotebot <text>` (`app_mention`): the bot's own mention is removed (the core's rule, `withoutMention`),
 * the rest parsed and answered in the thread of the mention; private answers (notices) go to the asker alone.
 */
import { withoutMention } from '../../core/parse.ts';
import type { SlackDeps } from './deps.ts';
import { renderAnswer, type SlackMessage } from './render.ts';

/** The parts of Bolt's `app_mention` arguments the listener uses. */
export interface MentionArgs {
  event: { user?: string; bot_id?: string; text?: string; channel: string; ts: string; thread_ts?: string };
  context: { botUserId?: string; teamId?: string };
  client: {
    chat: {
      postMessage(message: SlackMessage & { channel: string; thread_ts: string }): Promise<unknown>;
      postEphemeral(message: SlackMessage & { channel: string; user: string; thread_ts: string }): Promise<unknown>;
    };
  };
}

/** Answers one mention of the bot (mentions by bots are ignored). */
export async function handleMention({ event, client, context }: MentionArgs, deps: SlackDeps): Promise<void> {
  if (!event.user || event.bot_id) return;
  const request = deps.bot.parse(withoutMention(event.text ?? '', context.botUserId), deps.requester(event.user, context.teamId, event.channel));
  deps.log.debug({ user: event.user, command: request.command }, 'app mention');
  const reply = await deps.bot.handle(request);
  if (reply.quiet) return; // a repeated cooldown notice: the asker already has one
  const thread_ts = event.thread_ts ?? event.ts;
  const message = renderAnswer(reply, { asker: event.user, share: false });
  if (reply.ephemeral) await client.chat.postEphemeral({ channel: event.channel, user: event.user, thread_ts, ...message });
  else await client.chat.postMessage({ channel: event.channel, thread_ts, ...message });
}
