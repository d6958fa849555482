/** `reload` (admins only): re-reads the transcripts folder now and says what changed. */
import type { Answer, CommandSpec } from '../types.ts';
import type { Handler, ReloadSummary } from './types.ts';

export type { ReloadSummary } from './types.ts';

export const spec: CommandSpec = {
  name: 'reload',
  description: 'Reload the transcripts folder now (admins only)',
  options: [],
  examples: ['reload'],
  adminOnly: true,
};

export const handler: Handler = async (_args, ctx) => {
  if (!ctx.reload) return { kind: 'notice', ephemeral: true, text: 'Reloading is not available in this mode.' };
  return reloadAnswer(await ctx.reload());
};

/** Up to `max` names, then how many more. */
function list(names: string[], max = 8): string {
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
}

/** Turns a reload summary into the admin's answer. */
export function reloadAnswer(r: ReloadSummary): Answer {
  const parts = [
    r.added.length ? `added ${r.added.length} (${list(r.added)})` : '',
    r.changed.length ? `changed ${r.changed.length} (${list(r.changed)})` : '',
    r.removed.length ? `removed ${r.removed.length} (${list(r.removed)})` : '',
  ].filter(Boolean);
  const count = `${r.transcripts} transcript${r.transcripts === 1 ? '' : 's'}`;
  const lines =
    r.outcome === 'kept' || r.outcome === 'failed'
      ? [`Not reloaded: ${r.reason ?? 'the new corpus was refused'}. Still serving the ${count} already loaded.`]
      : [`Reloaded: ${count}; ${parts.length ? parts.join(', ') : 'nothing changed'}.`];
  if (r.skipped.length) lines.push(`Skipped ${r.skipped.length}: ${list(r.skipped, 5)}`);
  return { kind: 'notice', text: lines.join('\n'), ephemeral: true };
}
