/** `report`: the owner's report for a period (admins only). */
import type { CommandSpec } from '../types.ts';
import type { Handler } from './types.ts';
import { MAX_REPORT_DAYS, NO_DATABASE } from '../community.ts';
import { reportText } from '../report.ts';

export const spec: CommandSpec = {
  name: 'report',
  description: 'What people asked, what was answered, what nobody could answer (admins only)',
  options: [{ name: 'days', type: 'integer', description: 'How many days back (default 30)', min: 1, max: MAX_REPORT_DAYS }],
  examples: ['report', 'report 7'],
  adminOnly: true,
};

export const handler: Handler = async (args, ctx) => {
  const memory = ctx.memory;
  if (!memory) return NO_DATABASE;
  const days = typeof args.days === 'number' ? args.days : 30;
  return { kind: 'notice', ephemeral: true, text: reportText(await memory.report(days)) };
};
