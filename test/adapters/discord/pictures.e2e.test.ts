/**
 * Pictures on Discord, against the local stand-in: the timeline image and the quote card are uploaded as
 * attachments shown in the embed; when the picture is not ready at once, the text goes first and the
 * message is edited to add it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import { PNG } from 'pngjs';
import type { RecordedRequest } from './stand-in.ts';
import { answerFor, requestsFor, startAll, type Running } from './harness.ts';

const ASKER = '200000000000000001';

/** The request (callback, edit or follow-up) for this interaction that uploads `filename`. */
function uploadFor(run: Running, interaction: { id: string; token: string }, filename: string): Promise<RecordedRequest> {
  return run.discord.waitForRequest((r) => (r.params.id === interaction.id || r.params.token === interaction.token) && r.files.some((f) => f.filename === filename));
}

/** The message data a request carries (a callback's `data`, or an edit's body). */
function dataOf(r: RecordedRequest): any {
  return r.route === 'POST /interactions/:id/:token/callback' ? r.body.data : r.body;
}

function expectPng(r: RecordedRequest, filename: string): PNG {
  const file = r.files.find((f) => f.filename === filename)!;
  expect(file.contentType ?? 'image/png').toMatch(/image\/png|application\/octet-stream/);
  const png = PNG.sync.read(file.data);
  expect(png.width).toBeGreaterThan(400);
  return png;
}

describe('Discord pictures', () => {
  describe('with time to draw the picture', () => {
    let run: Running;
    beforeAll(async () => {
      run = await startAll({ adapter: { pictureWaitMs: 60_000 } });
    });
    afterAll(async () => {
      await run?.stop();
    });

    it('/timeline attaches the timeline PNG and shows it as the embed image', async () => {
      const interaction = run.discord.slashCommand('timeline', { topic: 'gpus' }, { userId: ASKER });
      run.discord.injectInteraction(interaction);
      const upload = await uploadFor(run, interaction, 'timeline.png');
      const png = expectPng(upload, 'timeline.png');
      expect(png.width).toBe(1600);
      const data = dataOf(upload);
      expect(data.embeds[0].image.url).toBe('attachment://timeline.png');
      // The text answer is in the same message.
      expect(JSON.stringify(data.embeds)).toContain('gpu_Talk-01');
    });

    it('Share as image posts the quote card publicly, as an attachment in the embed', async () => {
      const interaction = run.discord.slashCommand('quote', { topic: 'gpus' }, { userId: ASKER });
      run.discord.injectInteraction(interaction);
      const first = await answerFor(run.discord, interaction);
      const buttons = first.body.data.components.flatMap((r: any) => r.components);
      const card = buttons.find((b: any) => b.custom_id.startsWith('card|'));
      expect(card.label).toBe('Share as image');
      const message = { id: '300000000000000019', channel_id: run.discord.guilds[0]!.channelId, author: run.discord.botUser, content: '', timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], components: [], pinned: false, type: 20, flags: MessageFlags.Ephemeral };
      const click = run.discord.button(card.custom_id, message, { userId: ASKER });
      run.discord.injectInteraction(click);
      const upload = await uploadFor(run, click, 'quote-card.png');
      const png = expectPng(upload, 'quote-card.png');
      expect([png.width, png.height]).toEqual([1200, 630]);
      const shared = await answerFor(run.discord, click);
      expect(shared.body.data.flags ?? 0).toBe(0);
      const data = dataOf(upload);
      expect(data.embeds[0].image.url).toBe('attachment://quote-card.png');
      const ids = (shared.body.data.components ?? []).flatMap((row: any) => row.components.map((b: any) => b.custom_id));
      expect(ids.some((id: string) => /^(card|share|more)\|/.test(id))).toBe(false);
    });

    it('/card <citation> answers with the card', async () => {
      const interaction = run.discord.slashCommand('card', { citation: 'gpu_Talk-01@5' }, { userId: ASKER });
      run.discord.injectInteraction(interaction);
      const upload = await uploadFor(run, interaction, 'quote-card.png');
      expectPng(upload, 'quote-card.png');
    });

    it('a mention asking for a timeline gets the picture in the reply', async () => {
      const since = run.discord.requests.length;
      const message = run.discord.injectMention('timeline gpus', { userId: ASKER });
      const post = await run.discord.waitForRequest((r) => r.files.some((f) => f.filename === 'timeline.png') && (r.route === 'POST /channels/:channel/messages' || r.route === 'PATCH /channels/:channel/messages/:message'), { since });
      expect(post.params.channel).toBe(message.channel_id);
      expectPng(post, 'timeline.png');
    });
  });

  describe('when the picture is slower than the text', () => {
    let run: Running;
    beforeAll(async () => {
      run = await startAll({ adapter: { pictureWaitMs: 0 } });
    });
    afterAll(async () => {
      await run?.stop();
    });

    it('sends the text first, then edits the message to add the picture', async () => {
      const interaction = run.discord.slashCommand('timeline', { topic: 'gpus' }, { userId: ASKER });
      run.discord.injectInteraction(interaction);
      const text = await answerFor(run.discord, interaction);
      expect(text.files).toEqual([]);
      expect(JSON.stringify(text.body.data.embeds)).toContain('gpu_Talk-01');
      const upload = await uploadFor(run, interaction, 'timeline.png');
      expect(upload.route).toBe('PATCH /webhooks/:app/:token/messages/@original');
      expect(upload.body.embeds[0].image.url).toBe('attachment://timeline.png');
      expectPng(upload, 'timeline.png');
      const all = requestsFor(run.discord, interaction);
      expect(all.indexOf(upload)).toBeGreaterThan(all.findIndex((r) => r.route === 'POST /interactions/:id/:token/callback'));
    });
  });
});
