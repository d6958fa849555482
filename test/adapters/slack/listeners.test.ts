/** The Slack listeners alone, with a fake bot and fake Bolt arguments: no Bolt app, no stand-in. */
import { describe, expect, it } from 'vitest';
import { encodeActionValue } from '../../../src/adapters/slack/actions.ts';
import { handleButton } from '../../../src/adapters/slack/buttons.ts';
import { handleSlashCommand } from '../../../src/adapters/slack/command.ts';
import { requesterFor, type SlackDeps } from '../../../src/adapters/slack/deps.ts';
import { handleMention } from '../../../src/adapters/slack/mention.ts';
import type { ChatBot } from '../../../src/core/chat-bot.ts';
import { COMMAND_SPECS } from '../../../src/core/commands/index.ts';
import { parseText } from '../../../src/core/parse.ts';
import type { Answer, Request } from '../../../src/core/types.ts';
import type { Logger } from '../../../src/logger.ts';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } as unknown as Logger;

/** A bot that records its requests and answers with `answer`. */
function fakeBot(answer: Answer): ChatBot & { requests: Request[] } {
  const requests: Request[] = [];
  return {
    requests,
    commands: COMMAND_SPECS,
    parse: (text, user) => parseText(text, COMMAND_SPECS, user),
    handle: async (req) => {
      requests.push(req);
      return answer;
    },
    complete: () => [],
  };
}

const quotes: Answer = { kind: 'quotes', title: 'Quotes about "gpus"', quotes: [], actions: [{ kind: 'more', label: 'More', token: 'm:3:3:gpus' }], ephemeral: false };
const deps = (bot: ChatBot): SlackDeps => ({ bot, log: quiet, requester: requesterFor(async (user) => user === 'UADMIN') });

describe('Slack listeners', () => {
  it('/quote: acks, parses the text as the asker (admin from the list) and responds ephemerally', async () => {
    const bot = fakeBot(quotes);
    const events: string[] = [];
    const sent: Array<Record<string, unknown>> = [];
    await handleSlashCommand(
      { command: { user_id: 'UADMIN', text: 'timeline gpus' }, ack: async () => void events.push('ack'), respond: async (m) => void sent.push(m as never) },
      deps(bot),
    );
    expect(events).toEqual(['ack']);
    expect(bot.requests[0]).toMatchObject({ command: 'timeline', args: { topic: 'gpus' }, user: { platform: 'slack', userId: 'UADMIN', isAdmin: true } });
    expect(sent[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(sent[0])).toContain('Quotes about');
  });

  it('app_mention: strips the bot mention, answers in the thread; ignores bots', async () => {
    const bot = fakeBot(quotes);
    const posted: Array<Record<string, unknown>> = [];
    const client = { chat: { postMessage: async (m: object) => void posted.push(m as never), postEphemeral: async (m: object) => void posted.push({ ephemeral: true, ...m }) } };
    const event = { user: 'U1', text: '<@UBOT|quotebot>: verify "hello there"', channel: 'C1', ts: '1.0' };
    await handleMention({ event, client, context: { botUserId: 'UBOT' } }, deps(bot));
    expect(bot.requests[0]).toMatchObject({ command: 'verify', args: { claim: '"hello there"' }, user: { userId: 'U1', isAdmin: false } });
    expect(posted[0]).toMatchObject({ channel: 'C1', thread_ts: '1.0' });
    await handleMention({ event: { ...event, bot_id: 'B1' }, client, context: { botUserId: 'UBOT' } }, deps(bot));
    expect(bot.requests).toHaveLength(1);
  });

  it('buttons: the asker pages; a stranger is refused by the core rule; an unreadable value is stale', async () => {
    const bot = fakeBot(quotes);
    const responses: Array<Record<string, unknown>> = [];
    const click = (user: string, value: string | undefined) =>
      handleButton({ ack: async () => {}, body: { user: { id: user } }, action: { value }, respond: async (m) => void responses.push(m as never) }, deps(bot));
    const more = encodeActionValue({ kind: 'more', asker: 'U1', token: 'm:3:3:gpus' });
    await click('U1', more);
    expect(bot.requests[0]).toMatchObject({ command: 'resume', args: { token: 'm:3:3:gpus' }, user: { userId: 'U1' } });
    expect(responses[0]).toMatchObject({ replace_original: true });
    await click('U2', more);
    expect(bot.requests).toHaveLength(1);
    expect(responses[1]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(responses[1]!.text)).toMatch(/Only the person who asked can page through this answer/);
    await click('U2', 'garbage');
    expect(String(responses[2]!.text)).toMatch(/no longer works/);
    // Context is for anyone, shown to the clicker alone.
    await click('U2', encodeActionValue({ kind: 'context', asker: 'U1', token: 'c:v:1:2:2' }));
    expect(bot.requests[1]!.user.userId).toBe('U2');
    expect(responses[3]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });
});
