/** Shared test setup: the bundled transcript and the core fixture corpus, loaded once per file. */
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../src/corpus/load.ts';
import { buildIndex } from '../../src/search/index.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import type { Requester } from '../../src/core/types.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SEED_DIR = fileURLToPath(new URL('../../transcripts', import.meta.url));
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/core/corpus', import.meta.url));
export const SEED_ID = 'f96Xrg4uNik';
export const COFFEE_ID = 'cOfFeE12345';

const cache = new Map<string, Promise<SearchIndex>>();

/** The index of a folder (cached per test file). */
export function indexOf(dir: string): Promise<SearchIndex> {
  let index = cache.get(dir);
  if (!index) {
    index = loadCorpus(dir).then((corpus) => buildIndex(corpus));
    cache.set(dir, index);
  }
  return index;
}

export const consoleUser: Requester = { platform: 'console', userId: 'local' };
export const discordUser: Requester = { platform: 'discord', userId: '111' };
export const slackUser: Requester = { platform: 'slack', userId: 'U222' };

/** A logger that records what it is given. */
export function recordingLogger() {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}
