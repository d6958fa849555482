/**
 * Mentions: `@quotebot what did he say about GPUs?` in a channel (or any message in a DM) is parsed by the
 * core's text parser and answered with a reply to that message. Discord includes the content of messages
 * that mention the bot, so no privileged MessageContent intent is needed. The reply never pings anyone,
 * not even the asker (`allowed_mentions: { parse: [], replied_user: false }`).
 */
import { PermissionFlagsBits, type Message } from 'discord.js';
import type { ChatBot } from '../../core/chat-bot.ts';
import { withoutMention } from '../../core/parse.ts';
import type { Logger } from '../../logger.ts';
import { PICTURE_WAIT_MS } from '../../pictures/index.ts';
import { startPicture } from './pictures.ts';
import { attachPicture, renderAnswer, toDiscordJs } from './render.ts';

/** The question in a message, with mentions of the bot removed; undefined when it is not for the bot. */
export function questionOf(message: Pick<Message, 'content' | 'guildId' | 'author'> & { mentions: { users: { has(id: string): boolean } } }, botId: string): string | undefined {
  if (message.author.bot) return undefined;
  const mentioned = message.mentions.users.has(botId) || new RegExp(`<@!?${botId}>`).test(message.content);
  if (message.guildId && !mentioned) return undefined;
  return withoutMention(message.content, botId);
}

/** Answers a message that mentions the bot. Never throws. */
export async function handleMention(message: Message, deps: { bot: ChatBot; logger: Logger; typingAfterMs: number; pictureWaitMs?: number }): Promise<void> {
  const botId = message.client.user?.id;
  if (!botId || message.author.id === botId || message.webhookId) return;
  const question = questionOf(message, botId);
  if (question === undefined) return;
  const { bot, logger } = deps;
  try {
    const user = {
      platform: 'discord' as const,
      userId: message.author.id,
      isAdmin: message.member?.permissions.has(PermissionFlagsBits.ManageGuild) ?? false,
      ...(message.guildId ? { space: message.guildId } : {}),
      channel: message.channelId,
    };
    const request = bot.parse(question || 'help', user);
    const typing = setTimeout(() => {
      if ('sendTyping' in message.channel) message.channel.sendTyping().catch(() => undefined);
    }, deps.typingAfterMs);
    let answer;
    try {
      answer = await bot.handle(request);
    } finally {
      clearTimeout(typing);
    }
    // A repeated cooldown notice: the asker already has one; a reply to a mention is public, so stay silent.
    if (answer.quiet) return;
    const payload = renderAnswer(answer, { askerId: message.author.id, surface: 'message' });
    // The picture goes with the text when it is ready in a moment; otherwise it is added by an edit.
    const picture = await startPicture(answer, logger, deps.pictureWaitMs ?? PICTURE_WAIT_MS);
    const sent = await message.reply({ ...toDiscordJs(picture.now ? attachPicture(payload, picture.now) : payload), failIfNotExists: false });
    // A follow-up answer (e.g. `add`'s summary) is another reply when it is ready.
    if (answer.followUp) {
      const followUp = answer.followUp;
      void followUp
        .then((next) => message.reply({ ...toDiscordJs(renderAnswer(next, { askerId: message.author.id, surface: 'message' })), failIfNotExists: false }))
        .catch((error: unknown) => logger.warn({ err: error, message: message.id }, 'could not send a follow-up answer to a Discord mention'));
    }
    const late = await picture.later;
    if (late) {
      const { embeds, files } = toDiscordJs(attachPicture(payload, late));
      await sent.edit({ embeds, ...(files ? { files } : {}) });
    }
  } catch (error) {
    logger.warn({ err: error, message: message.id }, 'could not answer a Discord mention');
  }
}
