/**
 * The `/quote <text>` slash command: acknowledged at once, then the core parses the text (`bot.parse`) and
 * answers; the reply goes to the `response_url`, ephemeral, with a "Post to channel" button when the core
 * offers one.
 */
import type { SlackDeps } from './deps.ts';
import { renderAnswer, type SlackMessage } from './render.ts';

/** The parts of Bolt's slash-command arguments the listener uses. */
export interface SlashCommandArgs {
  command: { user_id: string; text?: string; team_id?: string; channel_id?: string };
  ack(): Promise<void>;
  respond(message: SlackMessage & { response_type?: 'ephemeral' | 'in_channel' }): Promise<unknown>;
}

/** Answers one `/quote` invocation. */
export async function handleSlashCommand({ command, ack, respond }: SlashCommandArgs, deps: SlackDeps): Promise<void> {
  await ack();
  const request = deps.bot.parse(command.text ?? '', deps.requester(command.user_id, command.team_id, command.channel_id));
  deps.log.debug({ user: command.user_id, command: request.command }, 'slash command');
  const reply = await deps.bot.handle(request);
  if (reply.quiet) return; // a repeated cooldown notice: the command is acked, the asker already has one
  await respond({ response_type: 'ephemeral', ...renderAnswer(reply, { asker: command.user_id, share: true }) });
}
