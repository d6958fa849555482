/**
 * THE command table: one entry per command, each declared in its own file `src/core/commands/<name>.ts`.
 * The text parser, help, Discord registration, Slack usage text, autocomplete and a shard's `RemoteBot`
 * all derive from {@link COMMAND_SPECS}, which is plain data: none of them needs an index.
 *
 * **Adding a command** is one new file, and here its import plus its name in {@link COMMANDS}:
 *
 * 1. Write `src/core/commands/<name>.ts` exporting
 *    - `spec`: a {@link CommandSpec} (name, description, options, examples; `adminOnly`/`hidden` if so);
 *    - `handler(args, ctx)`: the {@link Answer}, from validated `args` and the {@link CommandContext}
 *      (`ctx.index`, `ctx.user`, ...);
 *    - for a command with buttons, `resume`: its token kinds ({@link Resume}: a prefix letter not used by
 *      another command, the fields, and `run` to answer a click). Make a button with
 *      `action('more', 'More', encodeToken(MY_TOKEN, state))` (`../answer.ts`, `../paging.ts`).
 * 2. Add `import * as <name> from './<name>.ts';` below and `<name>` to {@link COMMANDS} (the order is
 *    the order of help and of the Slack usage hint). Nothing else changes: the parser, help, Discord
 *    registration, Slack usage, `resume` of its buttons and the shard RemoteBot all follow the table.
 *
 * `test/core/commands.test.ts` checks every entry (names, unique token prefixes, help text).
 */
import type { Answer, CommandSpec } from '../types.ts';
import { decodeToken } from '../paging.ts';
import * as add from './add.ts';
import * as card from './card.ts';
import * as context from './context.ts';
import * as feedback from './feedback.ts';
import * as forgetMe from './forget-me.ts';
import * as help from './help.ts';
import * as more from './more.ts';
import * as quote from './quote.ts';
import * as random from './random.ts';
import * as reload from './reload.ts';
import * as report from './report.ts';
import * as resume from './resume.ts';
import * as settings from './settings.ts';
import * as timeline from './timeline.ts';
import * as verify from './verify.ts';
import * as videos from './videos.ts';
import type { CommandContext, CommandModule, Handler, Resume } from './types.ts';

export type { AddStart, CommandContext, CommandModule, Handler, ReloadSummary, Resume } from './types.ts';

/** Every command, in help order. */
export const COMMANDS: readonly CommandModule[] = [quote, random, videos, verify, timeline, context, card, more, help, reload, add, settings, feedback, forgetMe, report, resume];

/** The static part of every command (registration, usage, parsing, help). */
export const COMMAND_SPECS: readonly CommandSpec[] = COMMANDS.map((c) => c.spec);

/** Every token kind of every paged command. */
export const RESUMES: readonly Resume[] = COMMANDS.flatMap((c) => c.resume ?? []);

const HANDLERS: ReadonlyMap<string, Handler> = new Map(COMMANDS.map((c) => [c.spec.name, c.handler]));

/** The handler of a command by its name (not an alias). */
export function handlerOf(name: string): Handler | undefined {
  return HANDLERS.get(name);
}

/** Continues a button token with the command that made it; a token no command knows gets a polite notice. */
export async function resumeToken(token: unknown, ctx: CommandContext): Promise<Answer> {
  const decoded = decodeToken(token, RESUMES);
  if (!decoded) return { kind: 'notice', ephemeral: true, text: 'This button no longer works. Ask again to get fresh results.' };
  return decoded.kind.run(decoded.state, ctx);
}
