/**
 * Test harness: the fixture corpus, a QuoteBot, the Discord stand-in and a running adapter wired together.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
const LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
import { openIndex } from '../../../src/app/open-index.ts';
import { loadConfig, type Config } from '../../../src/config.ts';
import { QuoteBot, type BotOptions } from '../../../src/core/bot.ts';
import type { Logger } from '../../../src/logger.ts';
import type { SearchIndex } from '../../../src/search/types.ts';
import { startDiscord, type DiscordAdapter, type DiscordOptions } from '../../../src/adapters/discord/index.ts';
import { DiscordStandIn, type RecordedRequest } from './stand-in.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/discord', import.meta.url));

/** Short REST timeouts and retries so a failure is fast. */
export const FAST_REST = { timeout: 3000, retries: 1 };

let cachedIndex: SearchIndex | undefined;
/** The index of the fixture transcripts (built once per test file). */
export async function fixtureIndex(): Promise<SearchIndex> {
  cachedIndex ??= await openIndex(FIXTURES);
  return cachedIndex;
}

export const silentLogger = pino({ level: LEVEL }) as unknown as Logger;

/** Config for the stand-in. No database (a sharded manager would otherwise create one in the repository's .data). */
export function configFor(standIn: DiscordStandIn, extra: Record<string, string> = {}): Config {
  return loadConfig({ TRANSCRIPTS_DIR: FIXTURES, DISCORD_TOKEN: standIn.token, DISCORD_API_BASE: standIn.apiBase, QUOTEBOT_DB: 'off', ...extra });
}

export interface Running {
  discord: DiscordStandIn;
  bot: QuoteBot;
  adapter: DiscordAdapter;
  restart(botOptions?: BotOptions): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the stand-in and the adapter (cooldown off unless given). */
export async function startAll(options: { bot?: BotOptions; index?: SearchIndex; adapter?: DiscordOptions; standIn?: DiscordStandIn } = {}): Promise<Running> {
  const discord = options.standIn ?? (await DiscordStandIn.start());
  const index = options.index ?? (await fixtureIndex());
  const make = (botOptions?: BotOptions) => new QuoteBot(index, { cooldownSeconds: 0, ...options.bot, ...botOptions });
  const running: Running = {
    discord,
    bot: make(),
    adapter: undefined as unknown as DiscordAdapter,
    async restart(botOptions) {
      await running.adapter.stop();
      running.bot = make(botOptions);
      running.adapter = await startDiscord(running.bot, configFor(discord), silentLogger, { rest: FAST_REST, ...options.adapter });
    },
    async stop() {
      await running.adapter.stop().catch(() => undefined);
      await discord.stop();
    },
  };
  running.adapter = await startDiscord(running.bot, configFor(discord), silentLogger, { rest: FAST_REST, ...options.adapter });
  return running;
}

/** The interaction callback the bot sent for `interaction` (waits for it). */
export function callbackFor(discord: DiscordStandIn, interaction: { id: string }): Promise<RecordedRequest> {
  return discord.waitForRequest((r) => r.route === 'POST /interactions/:id/:token/callback' && r.params.id === interaction.id && r.status === 204);
}

/**
 * The bot's answer to `interaction` as the user would finally see it. The adapter may legitimately defer
 * (type 5, or 6 for a button) when the core is slow (on a loaded machine, any request can be), then edit
 * `@original`: such an answer is returned as the callback it stands for (type 4, or 7 for a button), with
 * the edit's body as its data. Tests of the deferral itself use {@link callbackFor}.
 */
export async function answerFor(discord: DiscordStandIn, interaction: { id: string; token: string }): Promise<RecordedRequest> {
  const callback = await callbackFor(discord, interaction);
  const type = (callback.body as { type?: number } | undefined)?.type;
  if (type !== 5 && type !== 6) return callback;
  const edit = await editFor(discord, interaction);
  return { ...callback, body: { type: type === 5 ? 4 : 7, data: edit.body } };
}

/** The PATCH of `@original` for `interaction` (waits for it). */
export function editFor(discord: DiscordStandIn, interaction: { token: string }): Promise<RecordedRequest> {
  return discord.waitForRequest((r) => r.route === 'PATCH /webhooks/:app/:token/messages/@original' && r.params.token === interaction.token);
}

/** Every request the bot made for one interaction token (callbacks and webhooks). */
export function requestsFor(discord: DiscordStandIn, interaction: { id: string; token: string }): RecordedRequest[] {
  return discord.requests.filter((r) => r.params.id === interaction.id || r.params.token === interaction.token);
}
