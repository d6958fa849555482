/**
 * Settings per server/workspace and per channel: what each one means, which values are valid, and which
 * value applies where (channel over server over the default). Stored as strings by `src/store`.
 *
 * @example
 * parseSetting('count', '5')   // { ok: true, value: '5' }
 * parseSetting('count', 'lots') // { ok: false, problem: 'count must be a whole number from 1 to 10, e.g. settings count 5.' }
 */
import { DEFAULT_COUNT, MAX_COLLECTIONS, MAX_COUNT } from './defaults.ts';
import type { QuoteStyle } from './quote.ts';
import type { Requester } from './types.ts';

/** The settings that apply to one request (after channel, server and default are merged). */
export interface EffectiveSettings {
  /** Quotes per `quote` answer when the asker gives no `count`. Default 3 (1-10). */
  count: number;
  /** `public`: everyone sees answers; `ephemeral`: only the asker (where the platform can). Default public. */
  visibility: 'public' | 'ephemeral';
  /** Seconds between two counted requests of one user. Default: the bot's cooldown (COOLDOWN_SECONDS, 3). */
  cooldown: number;
  /** `clean` verbatim (fillers and stutters left out) or the `exact` transcript text. Default: QUOTE_STYLE (clean). */
  style: QuoteStyle;
  /**
   * The collections (first-level folders) answers here come from; empty = all (top-level files included).
   * Default all. @example ['3b1b', 'podcast']
   */
  collections: string[];
}

/** The value of `collections` that lifts a limit (and, set on a channel, a server's binding). */
export const ALL_COLLECTIONS = 'all';

/** One setting: its name, what it means, and how a typed value is checked. */
interface SettingSpec {
  key: keyof EffectiveSettings;
  description: string;
  example: string;
  parse(value: string): string | undefined;
  problem: string;
}

export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'count',
    description: `quotes per answer when the asker gives no count (1-${MAX_COUNT})`,
    example: 'settings count 5',
    parse: (v) => (/^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_COUNT ? String(Number(v)) : undefined),
    problem: `count must be a whole number from 1 to ${MAX_COUNT}, e.g. settings count 5.`,
  },
  {
    key: 'visibility',
    description: 'public (everyone sees answers) or ephemeral (only the asker)',
    example: 'settings visibility ephemeral',
    parse: (v) => (['public', 'ephemeral'].includes(v.toLowerCase()) ? v.toLowerCase() : undefined),
    problem: 'visibility must be public or ephemeral, e.g. settings visibility ephemeral.',
  },
  {
    key: 'cooldown',
    description: 'seconds a user waits between two questions (0-3600; 0 = none)',
    example: 'settings cooldown 10',
    parse: (v) => (/^\d{1,4}$/.test(v) && Number(v) <= 3600 ? String(Number(v)) : undefined),
    problem: 'cooldown must be a whole number of seconds from 0 to 3600, e.g. settings cooldown 10.',
  },
  {
    key: 'style',
    description: 'clean (quotes without fillers and stutters) or exact (the transcript word for word)',
    example: 'settings style exact',
    parse: (v) => (['clean', 'exact'].includes(v.toLowerCase()) ? v.toLowerCase() : undefined),
    problem: 'style must be clean or exact, e.g. settings style exact.',
  },
  {
    key: 'collections',
    description: `the collections (transcript folders) answered from, separated by commas, or ${ALL_COLLECTIONS}`,
    example: `settings collections ${ALL_COLLECTIONS}`,
    parse: parseCollections,
    problem: `collections must be ${ALL_COLLECTIONS} or up to ${MAX_COLLECTIONS} collection names separated by commas, e.g. settings collections 3b1b,podcast.`,
  },
];

/** `all`, or a comma-separated list of names (trimmed, duplicates dropped), as stored. */
function parseCollections(value: string): string | undefined {
  if (value.toLowerCase() === ALL_COLLECTIONS) return ALL_COLLECTIONS;
  const names = [...new Set(value.split(',').map((n) => n.trim()).filter(Boolean))];
  if (!names.length || names.length > MAX_COLLECTIONS || names.some((n) => n.length > 100)) return undefined;
  return names.join(',');
}

/** The names of a stored `collections` value: [] for `all`. */
export function collectionList(stored: string): string[] {
  return stored === ALL_COLLECTIONS ? [] : stored.split(',');
}

/** The value that removes a setting, so the wider scope or the default applies again. */
export const RESET_WORD = 'default';

/** Checks a typed value; a problem is one line that says what is allowed. */
export function parseSetting(key: string, value: string): { ok: true; key: keyof EffectiveSettings; value: string } | { ok: false; problem: string } {
  const spec = SETTINGS.find((s) => s.key === key.toLowerCase());
  if (!spec) return { ok: false, problem: `There is no setting "${key.slice(0, 30)}". Settings: ${SETTINGS.map((s) => s.key).join(', ')}.` };
  const parsed = spec.parse(value.trim());
  return parsed === undefined ? { ok: false, problem: spec.problem } : { ok: true, key: spec.key, value: parsed };
}

/** Where settings of a request live: its server/workspace, its channel (either may be absent). */
export function settingScopes(user: Requester): { server?: string; channel?: string } {
  return {
    ...(user.space ? { server: `${user.platform}:server:${user.space}` } : { server: `${user.platform}:server:-` }),
    ...(user.channel ? { channel: `${user.platform}:channel:${user.channel}` } : {}),
  };
}

/** Merges stored values (channel over server) onto the defaults; unparseable stored values are ignored. */
export function effectiveSettings(defaults: EffectiveSettings, server: Record<string, string> = {}, channel: Record<string, string> = {}): EffectiveSettings {
  const out: EffectiveSettings = { ...defaults };
  for (const layer of [server, channel]) {
    for (const [key, raw] of Object.entries(layer)) {
      const parsed = parseSetting(key, raw);
      if (!parsed.ok) continue;
      if (parsed.key === 'visibility') out.visibility = parsed.value as EffectiveSettings['visibility'];
      else if (parsed.key === 'style') out.style = parsed.value as QuoteStyle;
      else if (parsed.key === 'collections') out.collections = collectionList(parsed.value);
      else out[parsed.key] = Number(parsed.value);
    }
  }
  return out;
}

/** The defaults before any setting: count 3, public, the bot's cooldown and quote style, every collection. */
export function defaultSettings(cooldownSeconds: number, style: QuoteStyle = 'clean'): EffectiveSettings {
  return { count: DEFAULT_COUNT, visibility: 'public', cooldown: cooldownSeconds, style, collections: [] };
}

/** How a setting's value is shown (`collections`: the names, or all). */
export function showValue(settings: EffectiveSettings, key: keyof EffectiveSettings): string {
  if (key === 'collections') return settings.collections.length ? settings.collections.join(', ') : ALL_COLLECTIONS;
  return String(settings[key]);
}
