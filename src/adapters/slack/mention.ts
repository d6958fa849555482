/**
 * `@quotebot <text>` (`app_mention`): the bot's own mention is removed (the core's rule, `withoutMention`),
 * the rest parsed and answered in the thread of the mention; private answers (notices) go to the asker alone.
 */
import { withoutMention } from '../../core/parse.ts';
import type { Answer } from '../../core/types.ts';
import type { SlackDeps } from './deps.ts';
import { postPicture, type PictureClient } from './pictures.ts';
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
    files?: PictureClient['files'];
  };
}

/** Answers one mention of the bot (mentions by bots are ignored). */
export async function handleMention({ event, client, context }: MentionArgs, deps: SlackDeps): Promise<void> {
  if (!event.user || event.bot_id) return;
  const request = deps.bot.parse(withoutMention(event.text ?? '', context.botUserId), await deps.requester(event.user, context.teamId, event.channel));
  deps.log.debug({ user: event.user, command: request.command }, 'app mention');
  const reply = await deps.bot.handle(request);
  if (reply.quiet) return; // a repeated cooldown notice: the asker already has one
  const thread_ts = event.thread_ts ?? event.ts;
  const user = event.user;
  const post = async (answer: Answer) => {
    const message = renderAnswer(answer, { asker: user, share: false });
    if (answer.ephemeral) await client.chat.postEphemeral({ channel: event.channel, user, thread_ts, ...message });
    else await client.chat.postMessage({ channel: event.channel, thread_ts, ...message });
  };
  await post(reply);
  // A follow-up answer (e.g. `add`'s summary) is posted the same way when it is ready.
  if (reply.followUp) {
    void reply.followUp.then(post).catch((error: unknown) => deps.log.warn({ err: error, command: request.command }, 'could not send a follow-up answer'));
  }
  // The picture (timeline, quote card) follows in the same thread.
  if (reply.picture && !reply.ephemeral && client.files) {
    const problem = await postPicture({ files: client.files }, reply, { channel: event.channel, threadTs: thread_ts }, deps.log);
    if (problem) await client.chat.postEphemeral({ channel: event.channel, user, thread_ts, ...renderAnswer({ kind: 'notice', text: problem, ephemeral: true }, { asker: user, buttons: false }) });
  }
}
