/** Collections through the Discord stand-in: a server bound with /settings sees only its videos in answers and autocomplete. */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../../../src/app/open-index.ts';
import { Memory } from '../../../src/core/memory.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { sqlite } from '../../store/databases.ts';
import { answerFor, startAll, type Running } from './harness.ts';

const DIR = fileURLToPath(new URL('../../fixtures/collections', import.meta.url));
const ADMIN = '200000000000000020';
const MEMBER = '200000000000000021';
const MANAGE_GUILD = String(1 << 5);

describe('Discord: collections bound per server', () => {
  let run: Running;
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await sqlite.fresh());
    run = await startAll({ index: await openIndex(DIR), bot: { memory: new Memory(store, { secret: 'discord-test' }) } });
  });
  afterAll(async () => {
    await run?.stop();
    await store?.close();
  });

  async function slash(name: string, options: Record<string, string | number>, userId: string, permissions = '0') {
    const interaction = run.discord.slashCommand(name, options, { userId, permissions });
    run.discord.injectInteraction(interaction);
    return (await answerFor(run.discord, interaction)).body.data;
  }
  async function complete(focused: string, partial: string): Promise<string[]> {
    const interaction = run.discord.autocomplete('quote', focused, partial, focused === 'video' ? { topic: 'x' } : {}, { userId: MEMBER });
    run.discord.injectInteraction(interaction);
    return (await answerFor(run.discord, interaction)).body.data.choices.map((c: { value: string }) => c.value);
  }

  it('/settings collections binds the server: answers, lists and autocomplete keep to it', async () => {
    expect(await complete('video', 'Compost Heaps')).toContain('gardenCmp1');
    expect(await complete('topic', 'earth')).toContain('earthworms');
    const unknown = await slash('settings', { name: 'collections', value: 'bakery' }, ADMIN, MANAGE_GUILD);
    expect(unknown.content).toContain('There is no collection "bakery". Collections: garden, kitchen');
    expect((await slash('settings', { name: 'collections', value: 'kitchen' }, ADMIN, MANAGE_GUILD)).content).toContain('collections is now kitchen for this server.');
    const videos = JSON.stringify(await slash('videos', {}, MEMBER));
    expect(videos).toContain('Sourdough Starter');
    expect(videos).toContain('in kitchen');
    expect(videos).not.toContain('Compost Heaps');
    expect(JSON.stringify(await slash('quote', { topic: 'compost', count: 5 }, MEMBER))).not.toMatch(/gardenCmp1|topLevel001/);
    expect(await complete('video', 'Compost Heaps')).not.toContain('gardenCmp1');
    expect(await complete('topic', 'earth')).toEqual([]);
  });
});
