/**
 * Interactions -> core: slash commands become core {@link Request}s (option values passed through as
 * typed), autocomplete goes to `bot.complete`, buttons to `buttons.ts`. `isAdmin` is Discord's Manage
 * Server permission of the member in that channel.
 */
import { PermissionFlagsBits, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { ChatBot } from '../../core/chat-bot.ts';
import type { Args, Request } from '../../core/types.ts';
import type { Logger } from '../../logger.ts';
import { handleAutocomplete } from './autocomplete.ts';
import { handleButton } from './buttons.ts';
import { renderAnswer } from './render.ts';
import { respond, type LatencyGauge } from './respond.ts';

/** What the interaction handlers share. */
export interface InteractionDeps {
  bot: ChatBot;
  logger: Logger;
  gauge: LatencyGauge;
  /** Milliseconds before a response is deferred. */
  deferAfterMs: number;
  /** Waits between delivery retries after a defer (default: respond.ts's `DELIVERY_RETRY_MS`). */
  retryDelaysMs?: readonly number[];
  /** How long a picture may hold the text back (ms). Default `PICTURE_WAIT_MS`. */
  pictureWaitMs?: number;
}

/** The core request of a slash command. */
export function requestOf(interaction: ChatInputCommandInteraction): Request {
  const args: Args = {};
  for (const option of interaction.options.data) {
    if (typeof option.value === 'string' || typeof option.value === 'number') args[option.name] = option.value;
  }
  return {
    command: interaction.commandName,
    args,
    user: {
      platform: 'discord',
      userId: interaction.user.id,
      isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
      ...(interaction.guildId ? { space: interaction.guildId } : {}),
      ...(interaction.channelId ? { channel: interaction.channelId } : {}),
    },
  };
}

/** Routes one interaction. Never throws. */
export async function handleInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  try {
    if (interaction.isAutocomplete()) {
      await handleAutocomplete(interaction, deps.bot, deps.logger);
    } else if (interaction.isChatInputCommand()) {
      const request = requestOf(interaction);
      await respond(interaction, () => deps.bot.handle(request), {
        mode: 'reply',
        render: (answer) => renderAnswer(answer, { askerId: interaction.user.id, surface: 'interaction' }),
        deferAfterMs: deps.deferAfterMs,
        ...(deps.pictureWaitMs !== undefined ? { pictureWaitMs: deps.pictureWaitMs } : {}),
        logger: deps.logger,
        gauge: deps.gauge,
        key: interaction.commandName,
        ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}),
      });
    } else if (interaction.isButton()) {
      await handleButton(interaction, deps);
    }
  } catch (error) {
    deps.logger.warn({ err: error, interaction: interaction.id }, 'Discord interaction failed');
  }
}
