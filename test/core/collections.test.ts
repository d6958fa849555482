/**
 * Collections bound per server/workspace and channel (`settings collections`), and the per-place quote style
 * (`settings style`), through the bot, on SQLite and (when configured) PostgreSQL: a bound channel never sees
 * another collection's videos in any answer, and the bindings survive a restart.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QuoteBot } from '../../src/core/bot.ts';
import { Memory } from '../../src/core/memory.ts';
import type { Answer, Requester } from '../../src/core/types.ts';
import type { SearchIndex } from '../../src/search/types.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { databases } from '../store/databases.ts';
import { indexOf, recordingLogger } from './helpers.ts';

const DIR = fileURLToPath(new URL('../fixtures/collections', import.meta.url));
let index: SearchIndex;
beforeAll(async () => {
  index = await indexOf(DIR);
});

const admin: Requester = { platform: 'slack', userId: 'UADMIN', isAdmin: true, space: 'T1', channel: 'CKITCHEN' };
const cook: Requester = { platform: 'slack', userId: 'UCOOK', space: 'T1', channel: 'CKITCHEN' };
const gardener: Requester = { platform: 'slack', userId: 'UGARDEN', space: 'T1', channel: 'CGARDEN' };
const elsewhere: Requester = { platform: 'slack', userId: 'UOTHER', space: 'T2', channel: 'CX' };

/** Every video id an answer cites or lists. */
function videosIn(answer: Answer): string[] {
  const quotes = [...(answer.quotes ?? []), ...(answer.groups ?? []).flatMap((g) => g.quotes)];
  return [...new Set([...quotes.map((q) => q.videoId), ...(answer.videos ?? []).map((v) => v.id)])].sort();
}

describe.each(databases())('collections and style on $name', (database) => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });
  async function bot(options: { file?: string; url?: string }) {
    const store = await openStore(options);
    stores.push(store);
    const logger = recordingLogger();
    return new QuoteBot(index, { memory: new Memory(store, { secret: 'test-secret', logger }), logger, cooldownSeconds: 0 });
  }
  const say = (b: QuoteBot, user: Requester, text: string) => b.handle(b.parse(text, user));

  it('a channel bound to one collection never sees the other one, after a restart too', async () => {
    const options = await database.fresh();
    const first = await bot(options);
    expect(videosIn(await say(first, cook, 'quote compost count:5'))).toEqual(['gardenCmp1', 'kitchenBrd1', 'topLevel001']);
    expect((await say(first, cook, 'settings collections kitchen where:channel')).text).toMatch(/^Only admins/);
    expect((await say(first, admin, 'settings collections Kitchen where:channel')).text).toBe('collections is now kitchen for this channel.');

    const b = await bot(options); // a restart: the binding comes from the database
    expect(videosIn(await say(b, cook, 'quote compost count:5'))).toEqual(['kitchenBrd1']);
    expect((await say(b, cook, 'quote earthworms')).text).toMatch(/^No passage mentions/);
    expect(videosIn(await say(b, cook, 'timeline compost'))).toEqual(['kitchenBrd1']);
    expect(videosIn(await say(b, cook, 'videos'))).toEqual(['kitchenBrd1']);
    const verify = await say(b, cook, 'verify "Turn the compost every week so the worms and the bacteria get enough air"');
    expect(verify.verify?.verdict).toBe('none');
    expect(videosIn(verify)).not.toContain('gardenCmp1');
    expect((await say(b, cook, 'context gardenCmp1@10')).kind).toBe('notice');
    expect((await say(b, cook, 'card gardenCmp1@10')).picture).toBeUndefined();
    expect((await say(b, cook, 'quote compost video:gardenCmp1')).quotes ?? []).toEqual([]);
    expect((await b.complete('video', 'Compost Heaps', 25, cook)).map((c) => c.value)).not.toContain('gardenCmp1');
    expect(await b.complete('topic', 'earth', 25, cook)).toEqual([]);
    expect((await b.complete('topic', 'earth', 25, gardener)).map((c) => c.value)).toContain('earthworms');

    // The rest of the workspace, and another workspace, still see everything.
    expect(videosIn(await say(b, gardener, 'quote compost count:5'))).toEqual(['gardenCmp1', 'kitchenBrd1', 'topLevel001']);
    expect(videosIn(await say(b, elsewhere, 'videos'))).toEqual(['gardenCmp1', 'kitchenBrd1', 'topLevel001']);
    expect((await say(b, cook, 'settings')).text).toContain('collections: kitchen (this channel)');
  });

  it('a workspace binding, a channel set to all, several collections, unknown names change nothing', async () => {
    const b = await bot(await database.fresh());
    expect((await say(b, admin, 'settings collections garden')).text).toBe('collections is now garden for this workspace.');
    expect(videosIn(await say(b, gardener, 'videos'))).toEqual(['gardenCmp1']);
    expect(videosIn(await say(b, cook, 'quote compost count:5'))).toEqual(['gardenCmp1']);
    const unknown = await say(b, admin, 'settings collections garden,bakery where:channel');
    expect(unknown.text).toBe(
      'There is no collection "bakery". Collections: garden, kitchen (files at the top level of the transcripts folder are in none, shown as (top level): only "all" shows them). Nothing was changed.',
    );
    expect(videosIn(await say(b, cook, 'videos'))).toEqual(['gardenCmp1']);
    expect((await say(b, admin, 'settings collections all where:channel')).text).toBe('collections is now all for this channel.');
    expect(videosIn(await say(b, cook, 'videos'))).toEqual(['gardenCmp1', 'kitchenBrd1', 'topLevel001']);
    expect((await say(b, admin, 'settings collections kitchen, GARDEN where:channel')).text).toBe('collections is now kitchen, garden for this channel.');
    expect(videosIn(await say(b, cook, 'quote compost count:5'))).toEqual(['gardenCmp1', 'kitchenBrd1']);
    expect((await say(b, admin, 'settings collections default')).text).toBe('collections is back to the default for this workspace.');
    expect(videosIn(await say(b, gardener, 'videos'))).toEqual(['gardenCmp1', 'kitchenBrd1', 'topLevel001']);
  });

  it('settings style: exact or clean per place, at once, for answers and cards', async () => {
    const b = await bot(await database.fresh());
    const clean = (await say(b, cook, 'quote knead dough')).quotes![0]!;
    expect(clean.display).not.toMatch(/\bum\b|the the/);
    expect((await say(b, admin, 'settings style word-for-word')).text).toBe('style must be clean or exact, e.g. settings style exact. Nothing was changed.');
    expect((await say(b, admin, 'settings style exact where:channel')).text).toBe('collections is now exact for this channel.'.replace('collections', 'style'));
    const exact = (await say(b, cook, 'quote knead dough')).quotes![0]!;
    expect(exact.display).toContain('Knead the the dough, um, until');
    const card = await say(b, cook, `card ${exact.citation}`);
    expect(card.picture?.kind === 'card' && card.picture.quote.display).toContain('the the dough, um,');
    expect((await say(b, gardener, 'quote knead dough')).quotes![0]!.display).not.toMatch(/\bum\b/);
    expect((await say(b, cook, 'settings')).text).toContain('style: exact (this channel)');
  });
});
