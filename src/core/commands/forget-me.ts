/** `forget-me`: delete the votes of whoever asks. */
import type { CommandSpec } from '../types.ts';
import type { Handler } from './types.ts';
import { NO_DATABASE } from '../community.ts';

export const spec: CommandSpec = {
  name: 'forget-me',
  description: 'Delete everything you gave quotebot (your feedback votes)',
  options: [],
  examples: ['forget-me'],
};

export const handler: Handler = async (_args, ctx) => {
  const memory = ctx.memory;
  if (!memory) return NO_DATABASE;
  const n = await memory.forget(ctx.user);
  return { kind: 'notice', ephemeral: true, text: n ? `Deleted your ${n} vote${n === 1 ? '' : 's'}. quotebot keeps nothing else that names you.` : 'quotebot holds no votes of yours. It keeps nothing else that names you.' };
};
