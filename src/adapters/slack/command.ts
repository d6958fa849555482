/**
 * The `/quote <text>` slash command: acknowledged at once, then the core parses the text (`bot.parse`) and
 * answers; the reply goes to the `response_url`, ephemeral, with a "Post to channel" button when the core
 * offers one.
 */
import type { SlackDeps } from './deps.ts';
import { postPicture, type PictureClient } from './pictures.ts';
import { renderAnswer, type SlackMessage } from './render.ts';

/** The parts of Bolt's slash-command arguments the listener uses. */
export interface SlashCommandArgs {
  command: { user_id: string; text?: string; team_id?: string; channel_id?: string };
  /** Bolt's Web API client (uploads a public answer's picture). */
  client?: PictureClient;
  ack(): Promise<void>;
  respond(message: SlackMessage & { response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean }): Promise<unknown>;
}

/** Answers one `/quote` invocation. */
export async function handleSlashCommand({ command, ack, respond, client }: SlashCommandArgs, deps: SlackDeps): Promise<void> {
  await ack();
  const request = deps.bot.parse(command.text ?? '', await deps.requester(command.user_id, command.team_id, command.channel_id));
  deps.log.debug({ user: command.user_id, command: request.command }, 'slash command');
  const reply = await deps.bot.handle(request);
  if (reply.quiet) return; // a repeated cooldown notice: the command is acked, the asker already has one
  await respond({ response_type: 'ephemeral', ...renderAnswer(reply, { asker: command.user_id, share: true }) });
  // A follow-up answer (e.g. `add`'s summary) goes to the same response URL (valid 30 minutes) when ready.
  if (reply.followUp) {
    void reply.followUp
      .then((next) => respond({ response_type: 'ephemeral', replace_original: false, ...renderAnswer(next, { asker: command.user_id, share: false }) }))
      .catch((error: unknown) => deps.log.warn({ err: error, command: request.command }, 'could not send a follow-up answer'));
  }
  // A public answer's picture (timeline, quote card) goes to the channel after the text.
  if (reply.picture && !reply.ephemeral && client && command.channel_id) {
    const problem = await postPicture(client, reply, { channel: command.channel_id }, deps.log);
    if (problem) await respond({ response_type: 'ephemeral', ...renderAnswer({ kind: 'notice', text: problem, ephemeral: true }, { asker: command.user_id, buttons: false }) });
  }
}
