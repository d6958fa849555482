/** The admin `/add` on Discord (stand-in): the immediate answer, then the summary as a follow-up message. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import type { AddStart } from '../../../src/core/commands/index.ts';
import { answerFor, startAll, type Running } from './harness.ts';

const ADMIN = '200000000000000001';
const MANAGE_GUILD = String(1 << 5);

describe('/add on Discord', () => {
  let run: Running;
  let finish!: (lines: string[]) => void;
  const asked: string[] = [];
  beforeAll(async () => {
    run = await startAll({
      bot: {
        addVideos: async (url): Promise<AddStart> => {
          asked.push(url);
          return { videos: 3, done: new Promise((resolve) => (finish = resolve)) };
        },
      },
    });
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('is registered for Manage Server only; admins get "fetching", then the summary as an ephemeral follow-up', async () => {
    const denied = run.discord.slashCommand('add', { url: 'https://www.youtube.com/@rivers' }, { userId: '200000000000000002', permissions: '0' });
    run.discord.injectInteraction(denied);
    expect((await answerFor(run.discord, denied)).body.data.content).toContain('Only admins can use add.');
    expect(asked).toEqual([]);

    const interaction = run.discord.slashCommand('add', { url: 'https://www.youtube.com/@rivers' }, { userId: ADMIN, permissions: MANAGE_GUILD });
    run.discord.injectInteraction(interaction);
    const first = await answerFor(run.discord, interaction);
    expect(first.body.data.content).toBe('Fetching 3 videos from <https://www.youtube.com/@rivers> ... the summary follows when they are done.');
    expect(first.body.data.flags & MessageFlags.Ephemeral).toBeTruthy();
    finish(['Added 2, already there 0, without captions 1, failed 0.', 'Without captions: Silent [x]: no en captions']);
    const followUp = await run.discord.waitForRequest((r) => r.route === 'POST /webhooks/:app/:token' && r.params.token === interaction.token);
    expect(followUp.body.content).toBe('Added 2, already there 0, without captions 1, failed 0.\nWithout captions: Silent \\[x\\]: no en captions');
    expect(followUp.body.flags & MessageFlags.Ephemeral).toBeTruthy();
  });
});
