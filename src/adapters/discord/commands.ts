/**
 * Slash command registration JSON, derived from the core's command table (never written by hand).
 *
 * Every visible command becomes a chat-input command: string/integer options map to Discord types 3/4,
 * required options come first (Discord's rule), `autocomplete` options are marked for autocomplete, integer
 * bounds become `min_value`/`max_value`, and descriptions are cut to Discord's 100 characters. Admin-only
 * commands (`reload`) are hidden from members without Manage Server (`default_member_permissions`) and
 * offered in servers only.
 *
 * @example
 * const body = slashCommands(bot.commands); // [{ name: 'quote', description: '...', options: [...] }, ...]
 * await client.application.commands.set(body, guildId);
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandOption, CommandSpec } from '../../core/types.ts';

/** Discord's rule for command and option names (lowercase, 1-32 chars). */
export const NAME_PATTERN = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
/** Discord's limit on command and option descriptions. */
export const DESCRIPTION_MAX = 100;
/** Discord's limit on options per command. */
export const OPTIONS_MAX = 25;

type CommandJSON = RESTPostAPIChatInputApplicationCommandsJSONBody;
type OptionJSON = NonNullable<CommandJSON['options']>[number];

function description(text: string, fallback: string): string {
  const line = text.replace(/\s+/g, ' ').trim() || fallback;
  return line.length > DESCRIPTION_MAX ? `${line.slice(0, DESCRIPTION_MAX - 1)}…` : line;
}

function optionJSON(option: CommandOption): OptionJSON {
  const base = { name: option.name, description: description(option.description, option.name), required: option.required === true };
  if (option.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(option.min !== undefined ? { min_value: option.min } : {}),
      ...(option.max !== undefined ? { max_value: option.max } : {}),
    };
  }
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    autocomplete: option.autocomplete !== undefined,
    max_length: 6000,
  };
}

/** Problems that keep a command or option off Discord (an invalid name), one line each. */
export function commandProblems(specs: readonly CommandSpec[]): string[] {
  const problems: string[] = [];
  for (const spec of specs.filter((s) => !s.hidden)) {
    if (!NAME_PATTERN.test(spec.name)) problems.push(`command "${spec.name}" has a name Discord refuses`);
    for (const option of spec.options) {
      if (!NAME_PATTERN.test(option.name)) problems.push(`option "${option.name}" of ${spec.name} has a name Discord refuses`);
    }
    if (spec.options.length > OPTIONS_MAX) problems.push(`command "${spec.name}" has more than ${OPTIONS_MAX} options`);
  }
  return problems;
}

/**
 * The registration body for every visible command of the table. Commands or options whose names Discord
 * would refuse are left out (see {@link commandProblems}) so one bad entry cannot fail the whole PUT.
 */
export function slashCommands(specs: readonly CommandSpec[]): CommandJSON[] {
  return specs
    .filter((spec) => !spec.hidden && NAME_PATTERN.test(spec.name))
    .map((spec) => {
      const options = spec.options
        .filter((o) => NAME_PATTERN.test(o.name))
        .slice(0, OPTIONS_MAX)
        .map(optionJSON)
        // Discord requires required options before optional ones; the sort is stable.
        .sort((a, b) => Number(b.required === true) - Number(a.required === true));
      const command: CommandJSON = {
        type: ApplicationCommandType.ChatInput,
        name: spec.name,
        description: description(spec.description, spec.name),
        options,
        integration_types: [ApplicationIntegrationType.GuildInstall],
        contexts: spec.adminOnly ? [InteractionContextType.Guild] : [InteractionContextType.Guild, InteractionContextType.BotDM],
      };
      if (spec.adminOnly) command.default_member_permissions = PermissionFlagsBits.ManageGuild.toString();
      return command;
    });
}
