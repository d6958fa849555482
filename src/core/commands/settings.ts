/** `settings`: show the settings here, or (admins) set one per server/workspace or channel. */
import type { CommandSpec } from '../types.ts';
import type { Handler } from './types.ts';
import { collectionsLine, NO_DATABASE, placeName, showSettings, str } from '../community.ts';
import type { SettingLevel } from '../memory.ts';
import { collectionList, parseSetting, RESET_WORD, SETTINGS } from '../settings.ts';

export const spec: CommandSpec = {
  name: 'settings',
  description: 'Show the settings here, or set one (admins): count, visibility, cooldown, style, collections',
  options: [
    { name: 'name', type: 'string', description: `A setting: ${SETTINGS.map((s) => s.key).join(', ')}` },
    { name: 'value', type: 'string', description: `Its new value, or ${RESET_WORD}` },
    { name: 'where', type: 'string', description: 'server (default; the Slack workspace) or channel' },
  ],
  examples: ['settings', 'settings count 5', 'settings visibility ephemeral where:channel', `settings cooldown ${RESET_WORD}`, 'settings style exact', 'settings collections all where:channel'],
};

export const handler: Handler = async (args, ctx) => {
  const memory = ctx.memory;
  if (!memory) return NO_DATABASE;
  const name = str(args, 'name');
  if (!name) return showSettings(memory, ctx.user, ctx.defaults, ctx.collections);
  if (!ctx.user.isAdmin) return { kind: 'notice', ephemeral: true, text: 'Only admins can change settings (Discord: Manage Server; Slack: workspace admins). Type settings to see them.' };
  const whereText = (str(args, 'where') || 'server').toLowerCase();
  if (whereText !== 'server' && whereText !== 'workspace' && whereText !== 'channel') return { kind: 'notice', ephemeral: true, text: 'where must be server or channel, e.g. settings count 5 where:channel.' };
  const level: SettingLevel = whereText === 'channel' ? 'channel' : 'server';
  if (level === 'channel' && !ctx.user.channel) return { kind: 'notice', ephemeral: true, text: 'There is no channel here; leave out where:channel.' };
  const value = str(args, 'value');
  if (!value) return { kind: 'notice', ephemeral: true, text: `${name} needs a value, e.g. ${SETTINGS.find((s) => s.key === name.toLowerCase())?.example ?? SETTINGS[0]!.example}.` };
  if (value.toLowerCase() === RESET_WORD) {
    const known = parseSetting(name, '1');
    if (!known.ok && known.problem.startsWith('There is no setting')) return { kind: 'notice', ephemeral: true, text: known.problem };
    await memory.setSetting(ctx.user, level, name.toLowerCase(), undefined);
    return { kind: 'notice', ephemeral: true, text: `${name.toLowerCase()} is back to the default for this ${placeName(ctx.user, level)}.` };
  }
  const parsed = parseSetting(name, value);
  if (!parsed.ok) return { kind: 'notice', ephemeral: true, text: `${parsed.problem} Nothing was changed.` };
  let stored = parsed.value;
  if (parsed.key === 'collections') {
    const known = canonicalCollections(collectionList(parsed.value), ctx.collections);
    if ('unknown' in known) {
      return { kind: 'notice', ephemeral: true, text: `There is no collection ${known.unknown.map((n) => `"${n.slice(0, 40)}"`).join(', ')}. ${collectionsLine(ctx.collections)} Nothing was changed.` };
    }
    stored = known.names.length ? known.names.join(',') : parsed.value;
  }
  await memory.setSetting(ctx.user, level, parsed.key, stored);
  return { kind: 'notice', ephemeral: true, text: `${parsed.key} is now ${stored.split(',').join(', ')} for this ${placeName(ctx.user, level)}.` };
};

/** The typed names spelled as the folders are (matched ignoring case), or the ones no folder has. */
function canonicalCollections(typed: string[], existing: readonly string[]): { names: string[] } | { unknown: string[] } {
  const byLower = new Map(existing.map((n) => [n.toLowerCase(), n]));
  const unknown = typed.filter((n) => !byLower.has(n.toLowerCase()));
  return unknown.length ? { unknown } : { names: typed.map((n) => byLower.get(n.toLowerCase())!) };
}
