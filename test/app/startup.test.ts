/** Starting the service from the index cache: a cache file found damaged after the start is rebuilt at once. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareService, type Service } from '../../src/app/startup.ts';
import { loadConfig } from '../../src/config.ts';
import { storedText } from '../../src/corpus/text.ts';
import type { Logger } from '../../src/logger.ts';
import { FIXTURE_DIR } from '../core/helpers.ts';
import { lexiconOf } from '../../src/search/text/lexicon.ts';

const root = mkdtempSync(join(tmpdir(), 'startup-'));
const dir = join(root, 'transcripts');
const cacheDir = join(root, 'cache');
cpSync(FIXTURE_DIR, dir, { recursive: true });
const services: Service[] = [];
afterAll(async () => {
  await Promise.all(services.map((s) => s.reloader.stop()));
  rmSync(root, { recursive: true, force: true });
});

/** A logger that keeps each line's message. */
function recorder(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const at = (first: unknown, msg?: string) => void lines.push(typeof first === 'string' ? first : (msg ?? ''));
  const logger = { info: at, warn: at, error: at, debug: () => {}, child: () => logger } as unknown as Logger;
  return { lines, logger };
}

async function start(): Promise<{ service: Service; lines: string[] }> {
  const { lines, logger } = recorder();
  const config = loadConfig({ TRANSCRIPTS_DIR: dir, QUOTEBOT_CACHE_DIR: cacheDir, QUOTEBOT_DB: 'off', LOG_LEVEL: 'silent' }, root);
  const service = await prepareService(config, logger);
  services.push(service);
  return { service, lines };
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cacheFiles = () => readdirSync(cacheDir).filter((f) => f.endsWith('.bin'));

describe('a damaged index cache found after the start', () => {
  it('is rebuilt from the transcripts in the background and written again, so the running bot stops reading it', async () => {
    const first = await start();
    await until(() => first.lines.includes('index cache written'), 'the cache to be written');
    const [file] = cacheFiles();
    const bytes = readFileSync(join(cacheDir, file!));
    const textAt = 64 + bytes.readUInt32LE(12);
    const textLen = bytes.readDoubleLE(16);
    const at = textAt + Math.floor(textLen / 2);
    bytes[at] = bytes[at]! ^ 0x5a; // in the text section: the restore works, the background check finds it
    writeFileSync(join(cacheDir, file!), bytes);

    const second = await start();
    const restored = second.service.bot.index;
    await until(() => second.lines.includes('index cache written again'), 'the rebuild', 15_000);
    expect(second.lines).toContain('index cache damaged: rebuilding the index from the transcripts in the background');
    expect(second.lines.join('\n')).toMatch(/its text section does not match its checksum/);
    const live = second.service.bot.index;
    expect(live).not.toBe(restored);
    // Every transcript of the live index reads (none from the damaged file) and it answers as before.
    expect(live.corpus.transcripts.map((t) => storedText(t).text.length)).toEqual(first.service.bot.index.corpus.transcripts.map((t) => storedText(t).text.length));
    const hits = (index: typeof live) => index.search('dark roast coffee caffeine', { limit: 5 }).hits.map((h) => [h.video.id, h.charStart]);
    expect(hits(live)).toEqual(hits(first.service.bot.index));

    const third = await start();
    expect(third.lines.join('\n')).toMatch(/index restored from cache/);
    await until(() => third.lines.some((l) => l.startsWith('index cache checked')), 'the background check', 15_000);
    expect(third.lines.join('\n')).not.toMatch(/damaged/);
    expect(hits(third.service.bot.index)).toEqual(hits(first.service.bot.index));
  });
});

describe('the warm-up after the start', () => {
  it('counts where runs of words start (the acronym chance rule) in the background, not on a query', async () => {
    const { service } = await start();
    const lex = lexiconOf(service.bot.index.corpus.transcripts);
    await until(() => lex.runPlacesCounted, 'the run places', 10_000);
  });
});
