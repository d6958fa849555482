/** `help [command]`: every command, or one in detail (derived from the table, see `../help.ts`). */
import { helpAnswer } from '../help.ts';
import type { CommandSpec } from '../types.ts';
import { text, type Handler } from './types.ts';

export const spec: CommandSpec = {
  name: 'help',
  description: 'How to use quotebot, or the details of one command',
  options: [{ name: 'command', type: 'string', description: 'A command name, e.g. quote' }],
  examples: ['help', 'help quote'],
};

export const handler: Handler = (args, ctx) => helpAnswer(ctx.commands, text(args, 'command'), ctx.user.isAdmin === true);
