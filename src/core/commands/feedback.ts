/** `feedback`: a Helpful / Not helpful vote on an answer (the buttons send it too). */
import type { CommandSpec } from '../types.ts';
import type { Handler } from './types.ts';
import { NO_DATABASE, str } from '../community.ts';

export const spec: CommandSpec = {
  name: 'feedback',
  description: 'Say whether your last answer helped: helpful or not-helpful (you can change it)',
  options: [
    { name: 'vote', type: 'string', description: 'helpful or not-helpful', required: true },
    { name: 'answer', type: 'string', description: 'Which answer (default: your last one)' },
  ],
  examples: ['feedback helpful', 'feedback not-helpful'],
};

export const handler: Handler = async (args, ctx) => {
  const memory = ctx.memory;
  if (!memory) return NO_DATABASE;
  const vote = str(args, 'vote').toLowerCase().replace(/[\s_]+/g, '-');
  const helpful = ['helpful', 'yes', 'up', '+1'].includes(vote) ? true : ['not-helpful', 'unhelpful', 'no', 'down', '-1'].includes(vote) ? false : undefined;
  if (helpful === undefined) return { kind: 'notice', ephemeral: true, text: 'Vote helpful or not-helpful, e.g. feedback helpful.' };
  const answerId = str(args, 'answer') || ctx.lastAnswer();
  if (!answerId) return { kind: 'notice', ephemeral: true, text: 'There is no answer to vote on yet. Ask something first, e.g. quote scaling laws.' };
  const outcome = await memory.vote(ctx.user, answerId, helpful);
  if (!outcome) return { kind: 'notice', ephemeral: true, text: 'That answer is no longer on record, so it cannot be voted on.' };
  const what = helpful ? 'helpful' : 'not helpful';
  const text = outcome === 'changed' ? `Changed your vote to ${what}.` : outcome === 'same' ? `You already voted ${what}.` : `Thanks: recorded as ${what}.`;
  return { kind: 'notice', ephemeral: true, text };
};
