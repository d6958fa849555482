/** `resume <token>` (hidden): continues an answer from a button token; adapters send every button click here. */
import type { CommandSpec } from '../types.ts';
import type { Handler } from './types.ts';

export const spec: CommandSpec = {
  name: 'resume',
  description: 'Continue an answer from a button token',
  options: [{ name: 'token', type: 'string', description: 'The button token', required: true }],
  examples: [],
  hidden: true,
};

export const handler: Handler = (args, ctx) => ctx.resume(args.token);
