/**
 * Button clicks ("More", "Context", "Post to channel"). Their state is in the button value (core token +
 * asker id, `actions.ts`), so they work after a restart. Who may press which button is the core's rule
 * (`core/buttons.ts`): a refused click gets an ephemeral note and changes nothing. "More" replaces the
 * answer, "Post to channel" posts it publicly, "Context" is shown only to the person who clicked.
 */
import { buttonRefusal, STALE_BUTTON } from '../../core/buttons.ts';
import type { Answer } from '../../core/types.ts';
import { decodeActionValue } from './actions.ts';
import type { SlackDeps } from './deps.ts';
import { renderAnswer, type SlackMessage } from './render.ts';

/** What a click's response may say besides the message. */
type Response = SlackMessage & { response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean };

/** The parts of Bolt's block-action arguments the listener uses. */
export interface ButtonArgs {
  ack(): Promise<void>;
  body: { user: { id: string }; container?: { is_ephemeral?: boolean }; team?: { id: string } | null; channel?: { id: string } };
  action: { value?: string };
  respond(message: Response): Promise<unknown>;
}

/** A notice only the clicker sees; the answer the button is on stays as it was. */
function privately(answer: Answer, clicker: string): Response {
  return { response_type: 'ephemeral', replace_original: false, ...renderAnswer(answer, { asker: clicker, buttons: false }) };
}

/** Handles one click on a quotebot button. */
export async function handleButton({ ack, body, action, respond }: ButtonArgs, deps: SlackDeps): Promise<void> {
  await ack();
  const clicker = body.user.id;
  const state = decodeActionValue(action.value);
  const refusal = state ? buttonRefusal(state.kind, clicker, state.asker) : STALE_BUTTON;
  if (!state || refusal) {
    await respond(privately({ kind: 'notice', text: refusal, ephemeral: true }, clicker));
    return;
  }
  const reply = await deps.bot.handle({ command: 'resume', args: { token: state.token }, user: deps.requester(clicker, body.team?.id, body.channel?.id) });
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
  }
}
