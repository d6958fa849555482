/** settings, Helpful / Not helpful buttons and report through the Discord stand-in, with a database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import { Memory } from '../../../src/core/memory.ts';
import { openStore, type Store } from '../../../src/store/index.ts';
import { sqlite } from '../../store/databases.ts';
import { answerFor, startAll, type Running } from './harness.ts';

const ADMIN = '200000000000000010';
const MEMBER = '200000000000000011';
const READER = '200000000000000012';
const MANAGE_GUILD = String(1 << 5);

describe('Discord with a database', () => {
  let run: Running;
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await sqlite.fresh());
    run = await startAll({ bot: { memory: new Memory(store, { secret: 'discord-test' }) } });
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

  it('registers settings, feedback, forget-me and report', async () => {
    const put = await run.discord.waitForRequest((r) => r.route === 'PUT /applications/:app/commands');
    const names = put.body.map((c: { name: string }) => c.name);
    expect(names).toEqual(expect.arrayContaining(['settings', 'feedback', 'forget-me', 'report']));
  });

  it('settings need Manage Server to change; a bad value changes nothing; the server setting applies to /quote', async () => {
    expect((await slash('settings', { name: 'count', value: '1' }, MEMBER)).content).toContain('Only admins can change settings');
    const bad = await slash('settings', { name: 'count', value: 'eleven' }, ADMIN, MANAGE_GUILD);
    expect(bad.content).toContain('count must be a whole number from 1 to 10');
    expect(bad.flags & MessageFlags.Ephemeral).toBeTruthy();
    expect((await slash('settings', {}, MEMBER)).content).toContain('count: 3 (default)');
    expect((await slash('settings', { name: 'count', value: '1' }, ADMIN, MANAGE_GUILD)).content).toContain('count is now 1 for this server.');
    expect((await slash('settings', {}, MEMBER)).content).toContain('count: 1 (this server)');
    const answer = await slash('quote', { topic: 'attention' }, MEMBER);
    expect(answer.embeds).toHaveLength(1);
  });

  it('Helpful / Not helpful: anyone may vote, once, and change it; the report counts it', async () => {
    const interaction = run.discord.slashCommand('quote', { topic: 'gpus' }, { userId: MEMBER });
    run.discord.injectInteraction(interaction);
    const first = await answerFor(run.discord, interaction);
    const buttons = first.body.data.components.flatMap((r: any) => r.components);
    const helpful = buttons.find((b: any) => b.label === 'Helpful');
    const notHelpful = buttons.find((b: any) => b.label === 'Not helpful');
    expect(helpful.custom_id).toMatch(new RegExp(`^helpful\\|${MEMBER}\\|fb:`));
    const message = run.discord.messages.get([...run.discord.messages.keys()].pop()!);
    const click = async (button: any, userId: string) => {
      const i = run.discord.button(button.custom_id, message, { userId });
      run.discord.injectInteraction(i);
      return (await answerFor(run.discord, i)).body.data;
    };
    const vote = await click(helpful, READER);
    expect(vote.content).toContain('Thanks: recorded as helpful.');
    expect(vote.flags & MessageFlags.Ephemeral).toBeTruthy();
    expect((await click(helpful, READER)).content).toContain('You already voted helpful.');
    expect((await click(notHelpful, READER)).content).toContain('Changed your vote to not helpful.');
    expect((await click(notHelpful, MEMBER)).content).toContain('Thanks: recorded as not helpful.');
    expect((await slash('report', {}, MEMBER)).content).toContain('Only admins can use report.');
    const report = await slash('report', { days: 1 }, ADMIN, MANAGE_GUILD);
    expect(report.flags & MessageFlags.Ephemeral).toBeTruthy();
    expect(report.content).toContain('Questions asked: 2; answered: 2 (100%)');
    expect(report.content).toMatch(/Quotes voted least helpful:\n\s+gpu\\_Talk-01@\d+: 0 helpful, 2 not helpful/);
    expect((await slash('forget-me', {}, READER)).content).toContain('Deleted your 1 vote.');
  });
});
