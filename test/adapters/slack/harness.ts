/**
 * Shared setup for the Slack adapter tests: a real QuoteBot over the fixture transcripts in
 * `test/fixtures/slack/`, the local Slack stand-in, and a logger whose lines the test can read.
 */
import { fileURLToPath } from 'node:url';
import { startSlack, type SlackHandle, type SlackOptions } from '../../../src/adapters/slack/index.ts';
import { loadConfig, type Config } from '../../../src/config.ts';
import { QuoteBot, type BotOptions } from '../../../src/core/bot.ts';
import type { Corpus } from '../../../src/corpus/types.ts';
import { loadCorpus } from '../../../src/corpus/load.ts';
import { createLogger, type Logger } from '../../../src/logger.ts';
import { buildIndex } from '../../../src/search/index.ts';
import type { SearchIndex } from '../../../src/search/types.ts';
import { SlackStandIn } from './standin.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/slack/', import.meta.url));

/** Web API retries for tests: one quick retry (Bolt's default would retry for ~30 minutes). */
export const FAST_RETRY: NonNullable<SlackOptions['retryConfig']> = { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 5 };

export const SIGNING_SECRET = 'test-signing-secret-8f2d1c';
export const BOT_TOKEN = 'xoxb-test-bot-token-5d7e';
export const APP_TOKEN = 'xapp-test-app-token-9a1b';
export const ADMIN = 'U0ADMIN';

let index: SearchIndex | undefined;
let corpus: Corpus | undefined;

/** The fixture index (built once per test file). */
export async function fixtureIndex(): Promise<SearchIndex> {
  corpus ??= await loadCorpus(FIXTURES);
  index ??= buildIndex(corpus);
  return index;
}

/** A fresh bot over the fixture index: no cooldown, and a reload that reports the fixture corpus. */
export async function fixtureBot(options: BotOptions = {}): Promise<QuoteBot> {
  const idx = await fixtureIndex();
  return new QuoteBot(idx, {
    cooldownSeconds: 0,
    // QUOTEBOT_ADMINS, as prepareService passes it (the adapter reports only Slack's own admins).
    admins: [ADMIN],
    reload: async () => ({ transcripts: idx.corpus.transcripts.length, added: [], changed: [], removed: [], skipped: [] }),
    ...options,
  });
}

/** A logger that keeps every line it writes. */
export function captureLogger(config: Config): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const logger = createLogger({ ...config, logLevel: 'debug' }, { destination: { write: (s: string) => void lines.push(s) } });
  return { logger, lines, text: () => lines.join('') };
}

/** A running adapter against a stand-in. */
export interface Running {
  slack: SlackHandle;
  bot: QuoteBot;
  config: Config;
  logs: ReturnType<typeof captureLogger>;
  /** HTTP mode: the events endpoint. */
  eventsUrl: string;
}

/** Starts the adapter in HTTP mode (or Socket Mode with `socket: true`) against `standIn`. */
export async function startAgainst(
  standIn: SlackStandIn,
  options: { socket?: boolean; env?: Record<string, string>; bot?: QuoteBot } = {},
): Promise<Running> {
  const config = loadConfig({
    SLACK_BOT_TOKEN: standIn.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    ...(options.socket ? { SLACK_APP_TOKEN: standIn.appToken } : {}),
    SLACK_PORT: '0',
    SLACK_API_URL: standIn.apiUrl,
    QUOTEBOT_ADMINS: ADMIN,
    ...options.env,
  });
  const logs = captureLogger(config);
  const bot = options.bot ?? (await fixtureBot());
  const slack = await startSlack(bot, config, logs.logger, { retryConfig: FAST_RETRY, host: '127.0.0.1' });
  return { slack, bot, config, logs, eventsUrl: `http://127.0.0.1:${slack.port ?? 0}/slack/events` };
}

/** Starts a stand-in with the test tokens. */
export function startStandIn(): Promise<SlackStandIn> {
  return SlackStandIn.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
}

/** Every mrkdwn/plain text in a message body, joined (for content assertions). */
export function textOf(message: Record<string, unknown> | undefined): string {
  return JSON.stringify(message?.blocks ?? []) + String(message?.text ?? '');
}

/** Live mention or broadcast markup that must never appear in anything quotebot sends. */
export const LIVE_MENTION = /<!(channel|here|everyone)\b|<!subteam\^|<@[A-Z0-9]+(\|[^>]*)?>|@(channel|here|everyone)\b/;
