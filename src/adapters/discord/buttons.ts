/**
 * Button clicks: More (next page, replaces the message), Context (what came before/after, a new reply),
 * Share (re-posts a private answer publicly) and Share as image (posts the quote card publicly).
 *
 * The button's `custom_id` (`<kind>|<askerId>|<token>`, see `custom-id.ts`) carries all state, so buttons keep
 * working after a restart. Who may press which button is the core's rule (`core/buttons.ts`); a refused
 * click, a button from an unknown format, or a token the core no longer accepts gets an ephemeral
 * explanation and changes nothing.
 */
import { MessageFlags, PermissionFlagsBits, type ButtonInteraction } from 'discord.js';
import { buttonRefusal, STALE_BUTTON } from '../../core/buttons.ts';
import type { ChatBot } from '../../core/chat-bot.ts';
import type { Answer } from '../../core/types.ts';
import type { Logger } from '../../logger.ts';
import { decodeCustomId } from './custom-id.ts';
import { renderAnswer, toDiscordJs } from './render.ts';
import { respond, type LatencyGauge } from './respond.ts';

/** Replies privately with a short notice (the click's only acknowledgement). */
async function explain(interaction: ButtonInteraction, text: string, logger: Logger): Promise<void> {
  const payload = renderAnswer({ kind: 'notice', text, ephemeral: true }, { askerId: interaction.user.id, surface: 'interaction' });
  await interaction.reply(toDiscordJs(payload)).catch((error: unknown) => logger.warn({ err: error }, 'could not answer a Discord button'));
}

/** Handles a click on one of quotebot's buttons. Never throws. */
export async function handleButton(
  interaction: ButtonInteraction,
  deps: { bot: ChatBot; logger: Logger; gauge: LatencyGauge; deferAfterMs: number; retryDelaysMs?: readonly number[]; pictureWaitMs?: number },
): Promise<void> {
  const { bot, logger } = deps;
  const state = decodeCustomId(interaction.customId);
  if (!state) {
    await explain(interaction, STALE_BUTTON, logger);
    return;
  }
  const clicker = interaction.user.id;
  const isAsker = clicker === state.userId;
  const refusal = buttonRefusal(state.kind, clicker, state.userId);
  if (refusal) {
    await explain(interaction, refusal, logger);
    return;
  }
  const user = {
    platform: 'discord' as const,
    userId: clicker,
    isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    ...(interaction.guildId ? { space: interaction.guildId } : {}),
    ...(interaction.channelId ? { channel: interaction.channelId } : {}),
  };
  const render = (answer: Answer) => {
    const payload = renderAnswer(answer, { askerId: isAsker ? state.userId : clicker, surface: 'interaction' });
    // A stranger's Context click is answered to them alone, so the channel is not spammed.
    if (!isAsker || (state.kind === 'context' && interaction.message.flags.has(MessageFlags.Ephemeral))) {
      payload.flags |= MessageFlags.Ephemeral;
    }
    // Share and Share-as-image post publicly, without the paging and share buttons.
    if ((state.kind === 'share' || state.kind === 'card') && answer.kind !== 'notice' && answer.kind !== 'error') {
      payload.flags &= ~MessageFlags.Ephemeral;
      payload.components = payload.components
        .map((row) => ({ ...row, components: row.components.filter((b) => !/^(share|more|card)\|/.test(b.custom_id)) }))
        .filter((row) => row.components.length > 0);
    }
    return payload;
  };
  await respond(interaction, () => bot.handle({ command: 'resume', args: { token: state.token }, user }), {
    mode: state.kind === 'more' ? 'update' : 'reply',
    render,
    deferAfterMs: deps.deferAfterMs,
    ...(deps.pictureWaitMs !== undefined ? { pictureWaitMs: deps.pictureWaitMs } : {}),
    logger,
    gauge: deps.gauge,
    key: `button:${state.kind}`,
    ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}),
  });
}
