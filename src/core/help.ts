/**
 * Help, derived from the command table: usage lines, descriptions and examples come from each
 * {@link CommandSpec}, so help can never disagree with what the parser and the adapters accept.
 */
import { findCommand } from './parse.ts';
import type { Answer, CommandSpec } from './types.ts';

/** `quote <topic> [video] [speaker] [count]`: required options in `<>`, optional in `[]`. */
export function usageOf(spec: CommandSpec): string {
  return [spec.name, ...spec.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))].join(' ');
}

/** One line per option: `count: How many quotes (1-10)`. */
function optionLines(spec: CommandSpec): string[] {
  return spec.options.map((o) => {
    const bounds = o.type === 'integer' && (o.min !== undefined || o.max !== undefined) ? ` (${o.min ?? ''}-${o.max ?? ''})` : '';
    return `${o.name}: ${o.description}${bounds}${o.required ? '' : ' (optional)'}`;
  });
}

const SYNTAX_NOTE =
  'Type a command with or without "/", or just a topic. Options: name:value, e.g. quote gpus video:f96Xrg4uNik count:5. ' +
  'Use "double quotes" for an exact phrase.';

/** The `help` answer: every visible command, or one command in detail. */
export function helpAnswer(commands: readonly CommandSpec[], name?: string, isAdmin = false): Answer {
  const visible = commands.filter((c) => !c.hidden && (!c.adminOnly || isAdmin));
  if (name) {
    const spec = findCommand(commands, name.replace(/^[/!]/, ''));
    if (!spec || spec.hidden) {
      return {
        kind: 'notice',
        ephemeral: true,
        text: `There is no command "${name.slice(0, 40)}". Commands: ${visible.map((c) => c.name).join(', ')}.`,
      };
    }
    // The description is in `commands` (every adapter shows it there), so the text adds only aliases and options.
    const aliases = spec.aliases?.length ? `Also: ${spec.aliases.join(', ')}.` : '';
    return {
      kind: 'help',
      ephemeral: true,
      title: `Help: ${spec.name}`,
      text: [aliases, ...optionLines(spec)].filter(Boolean).join('\n') || undefined,
      commands: [{ name: spec.name, usage: usageOf(spec), description: spec.description, examples: spec.examples }],
    };
  }
  return {
    kind: 'help',
    ephemeral: true,
    title: 'quotebot commands',
    text: SYNTAX_NOTE,
    commands: visible.map((c) => ({ name: c.name, usage: usageOf(c), description: c.description, examples: c.examples })),
  };
}
