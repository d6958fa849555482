/**
 * What the commands for running quotebot for a community share (`commands/settings.ts`, `feedback.ts`,
 * `forget-me.ts`, `report.ts`). They need the database (`Memory`); without it they say so.
 */
import type { Memory, SettingLevel } from './memory.ts';
import { RESET_WORD, SETTINGS, showValue, type EffectiveSettings } from './settings.ts';
import { TOP_LEVEL_LABEL } from '../corpus/collection.ts';
import type { Answer, Args, Requester } from './types.ts';

/** Most days a report may cover. */
export const MAX_REPORT_DAYS = 3650;

export const NO_DATABASE: Answer = { kind: 'notice', ephemeral: true, text: 'This needs the database, which is off for this bot (see QUOTEBOT_DB in the README).' };

/** What a level is called where the user is: a Slack workspace, a Discord server, a channel. */
export function placeName(user: Requester, level: SettingLevel): string {
  return level === 'channel' ? 'channel' : user.platform === 'slack' ? 'workspace' : 'server';
}

export function str(args: Args, name: string): string {
  const v = args[name];
  return v === undefined ? '' : String(v).trim();
}

/**
 * The existing collections, as a reply says them: `Collections: 3b1b, podcast.` and what the top-level files are.
 * @example collectionsLine(['3b1b']) // 'Collections: 3b1b (files at the top level of the transcripts folder are in none: only "all" shows them).'
 */
export function collectionsLine(names: readonly string[]): string {
  const top = `files at the top level of the transcripts folder are in none, shown as ${TOP_LEVEL_LABEL}: only "all" shows them`;
  return names.length ? `Collections: ${names.join(', ')} (${top}).` : `There are no collections: every video is at the top level of the transcripts folder (a collection is a folder in it).`;
}

export async function showSettings(memory: Memory, user: Requester, defaults: EffectiveSettings, collections: readonly string[]): Promise<Answer> {
  const set = await memory.settingsSet(user);
  const effective = await memory.settingsFor(user, defaults);
  const lines = SETTINGS.map((s) => {
    const from = set.channel[s.key] !== undefined ? 'this channel' : set.server[s.key] !== undefined ? `this ${placeName(user, 'server')}` : 'default';
    return `${s.key}: ${showValue(effective, s.key)} (${from}) - ${s.description}`;
  });
  lines.push(collectionsLine(collections));
  lines.push(`Change one (admins): ${SETTINGS[0]!.example}; for this channel only add where:channel; back to the default: settings count ${RESET_WORD}.`);
  return { kind: 'notice', ephemeral: true, title: 'Settings', text: lines.join('\n') };
}

