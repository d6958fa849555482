/** `more`: the next page of the asker's last answer (the typed twin of the More button). */
import type { CommandSpec } from '../types.ts';
import type { Handler } from './types.ts';

export const spec: CommandSpec = {
  name: 'more',
  description: 'The next page of your last answer',
  options: [],
  examples: ['more'],
};

export const handler: Handler = (_args, ctx) => {
  const token = ctx.lastMore();
  if (token === '') return { kind: 'notice', ephemeral: true, text: 'That was all: your last answer has no more pages. Ask something else, e.g. quote scaling laws.' };
  if (!token) return { kind: 'notice', ephemeral: true, text: 'There is nothing more to show. Ask something first, e.g. quote scaling laws.' };
  return ctx.resume(token);
};
