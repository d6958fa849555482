/**
 * Button clicks ("More", "Context", "Post to channel", "Share as image": the quote card posted publicly). Their state is in the button value (core token +
 * asker id, `actions.ts`), so they work after a restart. Who may press which button is the core's rule
 * (`core/buttons.ts`): a refused click gets an ephemeral note and changes nothing. "More" replaces the
 * answer, "Post to channel" posts it publicly, "Context" is shown only to the person who clicked.
 */
import { buttonRefusal, STALE_BUTTON } from '../../core/buttons.ts';
import type { Answer } from '../../core/types.ts';
import { decodeActionValue } from './actions.ts';
import type { SlackDeps } from './deps.ts';
import { postPicture, type PictureClient } from './pictures.ts';
import { renderAnswer, type SlackMessage } from './render.ts';

/** What a click's response may say besides the message. */
type Response = SlackMessage & { response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean };

/** The parts of Bolt's block-action arguments the listener uses. */
export interface ButtonArgs {
  ack(): Promise<void>;
  body: {
    user: { id: string };
    container?: { is_ephemeral?: boolean; channel_id?: string; thread_ts?: string };
    channel?: { id?: string };
    team?: { id: string } | null;
    message?: { [key: string]: unknown };
  };
  action: { value?: string };
  respond(message: Response): Promise<unknown>;
  /** Bolt's Web API client (uploads the card of Share as image). */
  client?: PictureClient;
}

/** A notice only the clicker sees; the answer the button is on stays as it was. */
function privately(answer: Answer, clicker: string): Response {
  return { response_type: 'ephemeral', replace_original: false, ...renderAnswer(answer, { asker: clicker, buttons: false }) };
}

/** Handles one click on a quotebot button. */
export async function handleButton({ ack, body, action, respond, client }: ButtonArgs, deps: SlackDeps): Promise<void> {
  await ack();
  const clicker = body.user.id;
  const state = decodeActionValue(action.value);
  const refusal = state ? buttonRefusal(state.kind, clicker, state.asker) : STALE_BUTTON;
  if (!state || refusal) {
    await respond(privately({ kind: 'notice', text: refusal, ephemeral: true }, clicker));
    return;
  }
  const reply = await deps.bot.handle({ command: 'resume', args: { token: state.token }, user: await deps.requester(clicker, body.team?.id, body.channel?.id) });
  if (reply.kind === 'error' || (reply.ephemeral && reply.kind === 'notice')) {
    // Cooldown notices, expired pages, errors: only the clicker sees them.
    await respond(privately(reply, clicker));
    return;
  }
  const fromEphemeral = body.container?.is_ephemeral === true;
  switch (state.kind) {
    case 'more':
      await respond({ replace_original: true, ...renderAnswer(reply, { asker: state.asker, share: fromEphemeral }) });
      return;
    case 'share':
      await respond({ response_type: 'in_channel', replace_original: false, ...renderAnswer(reply, { asker: state.asker, share: false }) });
      return;
    case 'context':
      await respond({ response_type: 'ephemeral', replace_original: false, ...renderAnswer(reply, { asker: clicker, share: true }) });
      return;
    case 'card': {
      // Share as image: the quote in the channel, then its card uploaded beside it.
      await respond({ response_type: 'in_channel', replace_original: false, ...renderAnswer(reply, { asker: state.asker, share: false, buttons: false }) });
      const channel = body.channel?.id ?? body.container?.channel_id;
      const inThread = body.message?.thread_ts;
      const threadTs = typeof inThread === 'string' ? inThread : body.container?.thread_ts;
      if (!channel || !client) return;
      const problem = await postPicture(client, reply, { channel, ...(threadTs ? { threadTs } : {}) }, deps.log);
      if (problem) await respond(privately({ kind: 'notice', text: problem, ephemeral: true }, clicker));
      return;
    }
  }
}
