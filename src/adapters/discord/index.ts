/**
 * The Discord adapter: a discord.js 14 client with minimal intents (Guilds, GuildMessages, DirectMessages;
 * no privileged MessageContent) that registers the core's commands on ready and routes interactions and
 * mentions to the core. It renders answers and wires events only; searching, paging and the cooldown
 * belong to the core.
 *
 * Under discord.js's ShardingManager (`src/app/shard.ts`) the client picks its shard from the environment the
 * manager sets, and only shard 0 registers commands.
 *
 * @example
 * const discord = await startDiscord(bot, config, logger); // logs in, waits until ready
 * await discord.stop();                                     // destroys the client
 */
import { Client, Events, GatewayIntentBits, Partials, type RESTOptions } from 'discord.js';
import type { Config } from '../../config.ts';
import type { ChatBot } from '../../core/chat-bot.ts';
import type { Logger } from '../../logger.ts';
import { slashCommands, commandProblems } from './commands.ts';
import { describeRestError } from './deploy.ts';
import { handleInteraction } from './interactions.ts';
import { handleMention } from './mentions.ts';
import { DEFER_AFTER_MS, LatencyGauge } from './respond.ts';
import { fatalCloseLine, fatalLoginCode } from './gateway.ts';
import type { ConnectionState } from '../../health.ts';

/** Options of {@link startDiscord} (all optional; for tests and tuning). */
export interface DiscordOptions {
  /** Extra @discordjs/rest options, e.g. `{ timeout: 2000, retries: 1 }` in tests. */
  rest?: Partial<RESTOptions>;
  /** Milliseconds the core gets before an interaction is deferred. Default 1,500. */
  deferAfterMs?: number;
  /** How long to wait for the gateway to become ready. Default 60,000 ms. */
  readyTimeoutMs?: number;
  /**
   * Waits between attempts to deliver a deferred answer when Discord fails (5xx, network), in ms.
   * Default `DELIVERY_RETRY_MS` (about 8 minutes in all). @example { retryDelaysMs: [10, 20] } in tests
   */
  retryDelaysMs?: readonly number[];
  /** Longest stop() waits for answers in flight before it disconnects, in ms. Default 10,000. */
  drainMs?: number;
  /** Register slash commands on ready. Default true (shard 0 only when sharded). */
  registerCommands?: boolean;
  /**
   * Told every change of the gateway connection's state (for the health check). Default: none.
   * @example { onState: (state, detail) => board.set('discord', state, detail) }
   */
  onState?: (state: ConnectionState, detail?: string) => void;
  /**
   * How long an answer's picture (timeline image, quote card) may hold the text back, in ms; a picture
   * not ready by then is added to the sent message by an edit. Default 800 (`PICTURE_WAIT_MS`).
   */
  pictureWaitMs?: number;
}

/** A running Discord adapter. */
export interface DiscordAdapter {
  /** The discord.js client (for diagnostics). */
  readonly client: Client;
  /**
   * Resolves with one line (code, meaning, what to do) when the gateway closes for good (4004, 4010-4014:
   * discord.js will not reconnect); never rejects. The process should then exit non-zero.
   */
  readonly lost: Promise<string>;
  stop(): Promise<void>;
}

/** Default longest wait of stop() for answers in flight. */
const STOP_DRAIN_MS = 10_000;

/** Resolves true once every promise in `work` (including ones added meanwhile) has settled, or false after `ms`. */
async function drain(work: Set<Promise<void>>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (work.size > 0) {
    const left = until - Date.now();
    if (left <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...work]), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
    clearTimeout(timer);
  }
  return true;
}

/**
 * A Discord start problem the operator can fix (one line). Named `...StartupError` so the start-up code
 * (`app/startup.ts`, `platformError`) passes it on as it is; adapters cannot import that module.
 */
export class DiscordStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscordStartupError';
  }
}

/** One line for a login failure, never containing the token. */
function loginError(error: unknown): Error {
  if (error instanceof DiscordStartupError) return error;
  const e = error as { code?: string; status?: number; message?: string };
  if (e?.code === 'TokenInvalid' || e?.status === 401) {
    return new Error('Discord rejected the bot token (401 Unauthorized); copy it again from the Developer Portal (Bot > Reset Token)');
  }
  // Intents refused (4014) and the like are not network problems: say which close it was and what to do.
  const fatal = fatalLoginCode(error);
  if (fatal !== undefined) return new DiscordStartupError(fatalCloseLine(fatal).replace(/ quotebot can no longer receive anything from Discord\.$/, ''));
  return new Error(`could not connect to Discord: ${describeRestError(error)}`);
}

/** Logs in, wires events, waits until ready. Throws one clear line when Discord cannot be reached or refuses the token. */
export async function startDiscord(bot: ChatBot, config: Config, logger: Logger, options: DiscordOptions = {}): Promise<DiscordAdapter> {
  const discord = config.discord;
  if (!discord) throw new Error('DISCORD_TOKEN is not set');
  const log = logger.child({ platform: 'discord' });
  const client = createClient(discord, options);
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;
  const pictureWait = options.pictureWaitMs !== undefined ? { pictureWaitMs: options.pictureWaitMs } : {};
  // An answer taking half the defer threshold marks its command as slow: the next one is deferred up front.
  const deps = { bot, logger: log, gauge: new LatencyGauge(deferAfterMs / 2), deferAfterMs, ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}), ...pictureWait };

  // Handlers in flight (answering, delivering): stop() lets them finish before it closes the connection,
  // so what arrived before shutdown (by then the core answers "restarting") is still acknowledged.
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  client.on(Events.InteractionCreate, (interaction) => track(handleInteraction(interaction, deps)));
  client.on(Events.MessageCreate, (message) => track(handleMention(message, { bot, logger: log, typingAfterMs: deps.deferAfterMs, ...pictureWait })));
  logClientEvents(client, log);
  const onState = options.onState ?? (() => {});
  onState('connecting');
  const lost = watchGateway(client, log, onState);
  const ready = whenReady(client, bot, discord, log, options, onState);
  // A fatal close before ready (4014 when the intents are refused, 4004) is the reason, not the network.
  const readyOrLost = Promise.race([ready, lost.then((line) => Promise.reject(new DiscordStartupError(line)))]);
  readyOrLost.catch(() => undefined);

  try {
    await client.login(discord.token);
    await readyOrLost;
  } catch (error) {
    await client.destroy().catch(() => undefined);
    throw loginError(error);
  }
  return {
    client,
    lost,
    async stop() {
      // Drain: everything that arrived is answered (bounded; the handlers never throw), then disconnect.
      const drained = await drain(inFlight, options.drainMs ?? STOP_DRAIN_MS);
      if (!drained) log.warn({ inFlight: inFlight.size }, 'stopping with Discord answers still in flight');
      await client.destroy();
      onState('disconnected', 'stopped');
    },
  };
}

type DiscordSettings = NonNullable<Config['discord']>;
type OnState = NonNullable<DiscordOptions['onState']>;

/** The discord.js client with quotebot's intents, partials, mention policy and REST settings. */
function createClient(discord: DiscordSettings, options: DiscordOptions): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached before their first message; without this partial, DMs are never delivered.
    partials: [Partials.Channel],
    // The default for every send and edit; render.ts also sets it on each payload explicitly.
    allowedMentions: { parse: [], repliedUser: false },
    rest: { ...(discord.apiBase ? { api: discord.apiBase } : {}), ...options.rest },
  });
}

/** discord.js's errors, warnings, rate limits and (at LOG_LEVEL=debug) its trace, into quotebot's log. */
function logClientEvents(client: Client, log: Logger): void {
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord.js error'));
  client.on(Events.Warn, (message) => log.warn({ source: 'discord.js' }, message));
  // discord.js's own trace (gateway, heartbeats, sharding) at LOG_LEVEL=debug. It prints the token with
  // only its last part masked: that line is redacted whole.
  if (log.isLevelEnabled('debug')) {
    client.on(Events.Debug, (message) => log.debug({ source: 'discord.js' }, message.replace(/(Provided token:\s*)\S+/g, '$1[Redacted]')));
  }
  client.on(Events.ShardError, (error, shardId) => log.warn({ err: error, shardId }, 'Discord gateway connection error'));
  client.rest.on('rateLimited', (info) => log.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'Discord rate limit hit'));
}

/** Reports the gateway's state; resolves with the line to print when Discord closes the gateway for good. */
function watchGateway(client: Client, log: Logger, onState: OnState): Promise<string> {
  let markLost: (line: string) => void = () => {};
  const lost = new Promise<string>((resolve) => (markLost = resolve));
  // discord.js emits shardDisconnect only for the close codes it will not recover from.
  client.on(Events.ShardDisconnect, (event, shardId) => {
    const line = fatalCloseLine(event.code);
    log.error({ code: event.code, shardId }, line);
    onState('disconnected', `gateway closed with ${event.code}`);
    markLost(line);
  });
  client.on(Events.ShardReconnecting, (shardId) => {
    log.info({ shardId }, 'Discord gateway reconnecting');
    onState('reconnecting');
  });
  client.on(Events.ShardResume, (shardId, replayed) => {
    log.info({ shardId, replayed }, 'Discord gateway resumed');
    onState('connected');
  });
  client.on(Events.ShardReady, () => onState('connected'));
  return lost;
}

/** Resolves when the client is ready (then registers the slash commands from shard 0); rejects after the ready timeout. */
function whenReady(client: Client, bot: ChatBot, discord: DiscordSettings, log: Logger, options: DiscordOptions, onState: OnState): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Discord gateway did not become ready in time')), options.readyTimeoutMs ?? 60_000);
    timer.unref();
    client.once(Events.ClientReady, async (c) => {
      clearTimeout(timer);
      onState('connected');
      log.info({ user: c.user.tag, guilds: c.guilds.cache.size, shards: client.shard?.ids ?? [0] }, 'Discord ready');
      resolve();
      const primary = !client.shard || client.shard.ids.includes(0);
      if (options.registerCommands === false || !primary) return;
      await registerCommands(c, bot, discord, log);
    });
  });
  // A rejection nobody awaits yet must not crash the process.
  ready.catch(() => undefined);
  return ready;
}

/** Registers the slash commands (in the test guild when DISCORD_GUILD_ID is set); a failure is logged, the bot still answers mentions. */
async function registerCommands(c: Client<true>, bot: ChatBot, discord: DiscordSettings, log: Logger): Promise<void> {
  for (const problem of commandProblems(bot.commands)) log.warn(problem);
  try {
    const body = slashCommands(bot.commands);
    if (discord.guildId) await c.application.commands.set(body, discord.guildId);
    else await c.application.commands.set(body);
    log.info({ commands: body.length, guild: discord.guildId ?? 'global' }, 'Discord slash commands registered');
  } catch (error) {
    log.error({ err: error }, `registering Discord slash commands failed: ${describeRestError(error)}`);
  }
}
