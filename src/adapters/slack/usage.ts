/**
 * Slack usage text derived from the core's command table: one slash command `/quote` whose text is a line of
 * the core's text syntax, parsed by `bot.parse()`. The default command (`quote`) needs no subcommand word,
 * so `/quote scaling laws` asks for quotes and `/quote random` runs `random`.
 *
 * @example
 * slashUsage('quote <topic>') === '/quote <topic>'
 * slashUsage('random') === '/quote random'
 * usageHint(bot.commands) === '<topic> | random | videos | verify <text> | …'
 */
import type { CommandSpec } from '../../core/types.ts';

/** The slash command the app registers (see `slack-manifest.yml`). */
export const SLASH_COMMAND = '/quote';

/** The core command that text without a subcommand word runs. */
export const DEFAULT_COMMAND = 'quote';

/** A text-syntax invocation or usage line as typed after `/quote`. */
export function slashUsage(textSyntax: string): string {
  const trimmed = textSyntax.trim();
  const withoutDefault = trimmed.replace(new RegExp(`^${DEFAULT_COMMAND}(\\s+|$)`, 'i'), '');
  return withoutDefault ? `${SLASH_COMMAND} ${withoutDefault}` : SLASH_COMMAND;
}

/** The commands a Slack user can see: not hidden; admin-only ones only for admins. */
export function visibleCommands(commands: readonly CommandSpec[], isAdmin = false): CommandSpec[] {
  return commands.filter((c) => !c.hidden && (isAdmin || !c.adminOnly));
}

/** One command as a short usage fragment: `random`, `verify <text>`, `<topic>` for the default command. */
function fragment(command: CommandSpec): string {
  const first = command.options.find((o) => o.required) ?? command.options[0];
  const placeholder = first ? `<${first.name}>` : '';
  if (command.name === DEFAULT_COMMAND) return placeholder || DEFAULT_COMMAND;
  return placeholder && first?.required ? `${command.name} ${placeholder}` : command.name;
}

/**
 * The slash command's usage hint (shown by Slack while typing), derived from the table: the default
 * command first, then every other public command, separated by ` | `.
 */
export function usageHint(commands: readonly CommandSpec[]): string {
  const visible = visibleCommands(commands);
  const ordered = [...visible.filter((c) => c.name === DEFAULT_COMMAND), ...visible.filter((c) => c.name !== DEFAULT_COMMAND)];
  return ordered.map(fragment).join(' | ');
}
