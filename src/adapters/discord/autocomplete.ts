/**
 * Autocomplete for slash command options: `video` (fuzzy over titles), `topic` (corpus vocabulary) and
 * `speaker`, all answered by the core's `bot.complete`: synchronous and fast in one process; in a shard
 * (`RemoteBot`) one IPC round trip to the manager, bounded by a 2-second timeout, so the response
 * beats Discord's 3-second deadline. Discord's limits are enforced here: at most 25 choices,
 * names and values 1-100 characters.
 */
import type { AutocompleteInteraction } from 'discord.js';
import type { ChatBot } from '../../core/chat-bot.ts';
import type { Requester } from '../../core/types.ts';
import type { Logger } from '../../logger.ts';

/** Discord's limits on autocomplete choices. */
export const CHOICES_MAX = 25;
export const CHOICE_TEXT_MAX = 100;

/** The choices for the option being typed; empty when the option has no completion. */
export async function choicesFor(bot: ChatBot, command: string, option: string, partial: string, user?: Requester): Promise<Array<{ name: string; value: string }>> {
  const spec = bot.commands.find((c) => c.name === command);
  const kind = spec?.options.find((o) => o.name === option)?.autocomplete;
  if (!kind) return [];
  const seen = new Set<string>();
  const out: Array<{ name: string; value: string }> = [];
  for (const choice of await bot.complete(kind, partial, CHOICES_MAX, user)) {
    const name = choice.name.length > CHOICE_TEXT_MAX ? `${choice.name.slice(0, CHOICE_TEXT_MAX - 1)}…` : choice.name;
    const value = choice.value;
    if (!name.trim() || !value || value.length > CHOICE_TEXT_MAX || seen.has(value)) continue;
    seen.add(value);
    out.push({ name, value });
    if (out.length === CHOICES_MAX) break;
  }
  return out;
}

/** Answers an autocomplete interaction (type 8). Never throws. */
export async function handleAutocomplete(interaction: AutocompleteInteraction, bot: ChatBot, logger: Logger): Promise<void> {
  try {
    const focused = interaction.options.getFocused(true);
    const user: Requester = {
      platform: 'discord',
      userId: interaction.user.id,
      ...(interaction.guildId ? { space: interaction.guildId } : {}),
      ...(interaction.channelId ? { channel: interaction.channelId } : {}),
    };
    const choices = await choicesFor(bot, interaction.commandName, focused.name, String(focused.value ?? ''), user);
    await interaction.respond(choices);
  } catch (error) {
    logger.warn({ err: error, command: interaction.commandName }, 'could not answer a Discord autocomplete');
  }
}
