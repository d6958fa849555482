/**
 * The Slack adapter: wires Slack to the core with @slack/bolt and renders the core's Answers as Block Kit.
 * No search, ranking, paging or cooldown here (the core does those).
 *
 * - **Modes.** Socket Mode when `SLACK_APP_TOKEN` is set, else HTTP mode on `SLACK_PORT` (default 3000,
 *   endpoint `/slack/events` for commands, events and interactivity) with requests verified against
 *   `SLACK_SIGNING_SECRET` by Bolt (bad signature or a timestamp older than 5 minutes: 401, nothing runs).
 *   `SLACK_API_URL` replaces the Web API base (`clientOptions.slackApiUrl`), which also serves Socket
 *   Mode's `apps.connections.open`; used to run against a local stand-in.
 * - **Listeners**, one module each, testable without Bolt: `/quote <text>` (`command.ts`), `@quotebot <text>`
 *   (`mention.ts`), the answer buttons (`buttons.ts`). This module creates the Bolt app and wires them.
 * - **Retries.** Events are acked by Bolt before anything runs; a redelivered event (same `event_id`,
 *   `X-Slack-Retry-Num` / `retry_attempt`) is dropped, so it never produces a second answer.
 * - **Startup.** A wrong token fails `start` with a {@link SlackStartupError} naming the variable to fix
 *   (never an unhandled rejection); its name ends in `StartupError`, which `app/startup.ts` passes on as is.
 *
 * @example
 * const slack = await startSlack(bot, loadConfig(), logger);
 * process.once('SIGTERM', () => slack.stop());
 */
import { App, type BlockAction, type ButtonAction, type Logger as BoltLoggerType, type webApi } from '@slack/bolt';
import type { Config } from '../../config.ts';
import type { ChatBot } from '../../core/chat-bot.ts';
import type { ConnectionState, HealthReport } from '../../health.ts';
import { CLOSE_WITHIN_MS, ServerGate } from './closing.ts';
import type { Logger } from '../../logger.ts';
import { ACTION_ID_PATTERN } from './actions.ts';
import { handleButton } from './buttons.ts';
import { handleSlashCommand } from './command.ts';
import { RecentIds } from './deliveries.ts';
import { workspaceAdmins, type SlackUserInfo } from './admins.ts';
import { requesterFor, type SlackDeps } from './deps.ts';
import { boltLogger } from './logger.ts';
import { handleMention } from './mention.ts';
import { SLASH_COMMAND } from './usage.ts';

type RetryOptions = webApi.RetryOptions;
type WebClientOptions = webApi.WebClientOptions;

/** A running Slack connection. */
export interface SlackHandle {
  /** `socket` (Socket Mode) or `http` (events over HTTP). */
  readonly mode: 'socket' | 'http';
  /** The port the HTTP receiver listens on (HTTP mode only; useful with `SLACK_PORT=0`). */
  readonly port?: number;
  /** Stops taking requests and closes the connection / server. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startSlack} beyond the configuration (mostly for tests). */
export interface SlackOptions {
  /**
   * Retry policy of Web API calls (p-retry options). Default {@link DEFAULT_RETRY}: a few quick retries,
   * since a chat answer that arrives minutes late is worse than a logged failure. (Bolt's own default
   * retries for about 30 minutes.) A 429 waits for its `Retry-After` and counts as one retry.
   */
  retryConfig?: RetryOptions;
  /**
   * Retry policy of Socket Mode's `apps.connections.open` (reconnects). Default
   * {@link DEFAULT_SOCKET_RETRY}: generous, so a Slack outage does not end the process.
   */
  socketRetryConfig?: RetryOptions;
  /** Host the HTTP receiver binds to. Default: all interfaces (Slack must reach it). */
  host?: string;
  /**
   * Told every change of the connection's state (for the health check): Socket Mode's connect, reconnect
   * and disconnect; in HTTP mode `connected` once listening. Default: none.
   * @example { onState: (state, detail) => board.set('slack', state, detail) }
   */
  onState?: (state: ConnectionState, detail?: string) => void;
  /**
   * In HTTP mode, served as `GET /healthz` on the receiver's port: 200 with the report when healthy, 503
   * when not. Default: no such route. @example { health: () => board.report() }
   */
  health?: () => HealthReport;
  /** Longest stop() waits for answers in flight before it closes, in ms. Default 10,000. */
  drainMs?: number;
}

/** Web API retries: 4 retries within about 15 seconds. */
export const DEFAULT_RETRY: RetryOptions = { retries: 4, factor: 2, minTimeout: 1000, maxTimeout: 8000, randomize: true };

/** Socket Mode reconnect retries (what @slack/socket-mode uses when left alone). */
export const DEFAULT_SOCKET_RETRY: RetryOptions = { retries: 100, factor: 1.3 };

/**
 * Startup failed for a reason the operator must fix (the message says what). The name ends in
 * `StartupError`, so the start-up code reports its message as it is (`app/startup.ts`, `platformError`).
 */
export class SlackStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackStartupError';
  }
}

/** The Slack error code of a Web API failure (`invalid_auth`, `not_authed`...), if any. */
function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/** A one-line startup error for a failed `auth.test` / `apps.connections.open`. */
function startupError(error: unknown, variable: string, apiUrl: string | undefined): SlackStartupError {
  const code = slackErrorCode(error);
  if (code && AUTH_ERRORS.has(code)) {
    return new SlackStartupError(`Slack rejected ${variable} (${code}). Check the token in your Slack app settings${variable === 'SLACK_APP_TOKEN' ? ' (Basic Information > App-Level Tokens, scope connections:write)' : ' (OAuth & Permissions > Bot User OAuth Token)'}.`);
  }
  const where = apiUrl ? ` at SLACK_API_URL=${apiUrl}` : '';
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new SlackStartupError(`Could not connect to Slack${where} (${detail}).`);
}

/** How far ahead of this clock a request's signed timestamp may be (Bolt refuses those older than 5 minutes). */
export const MAX_FUTURE_SKEW_S = 300;
/** Largest request body read (Bolt's own default limit). */
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Puts checks in front of Bolt's HTTP receiver, answering what Bolt gets wrong: a request dated more than
 * {@link MAX_FUTURE_SKEW_S} ahead (Bolt refuses only old ones, so a captured request dated an hour ahead
 * could be replayed for that hour) gets 401; a JSON body that is not an object (`null`, which made Bolt
 * throw and never answer) gets 400. The body is read here once and handed to Bolt as `rawBody`, which it
 * uses instead of reading the stream again; Bolt still verifies the signature of everything else. Every
 * request is counted by `gate`, which closes the server at shutdown without resetting one ({@link ServerGate}).
 */
function guardRequests(server: import('node:http').Server, log: Logger, gate: ServerGate): void {
  const bolt = server.listeners('request') as Array<(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: import('node:http').IncomingMessage & { rawBody?: Buffer }, res: import('node:http').ServerResponse) => {
    gate.track(res);
    const refuse = (status: number, why: string) => {
      log.warn({ status, method: req.method, path: req.url?.split('?')[0] }, `refused a Slack request: ${why}`);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(why);
    };
    const pass = () => {
      for (const listener of bolt) listener.call(server, req, res);
    };
    if (req.method !== 'POST') return pass();
    const stamp = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(stamp) && stamp - Date.now() / 1000 > MAX_FUTURE_SKEW_S) {
      req.resume();
      return refuse(401, 'request timestamp is in the future');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('error', (error) => log.warn({ err: error }, 'reading a Slack request failed'));
    req.on('end', () => {
      if (size > BODY_LIMIT) return refuse(413, 'request body too large');
      req.rawBody = Buffer.concat(chunks);
      if (String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        let body: unknown;
        try {
          body = JSON.parse(req.rawBody.toString('utf8'));
        } catch {
          return refuse(400, 'request body is not valid JSON');
        }
        if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse(400, 'request body is not a JSON object');
      }
      pass();
    });
  });
}

/** The `GET /healthz` handler: the health report as JSON, 200 when healthy, 503 when not. */
function healthRoute(health: () => HealthReport): (req: unknown, res: import('node:http').ServerResponse) => void {
  return (_req, res) => {
    const report = health();
    res.writeHead(report.healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(report));
  };
}

/** The Bolt app for the configured mode (not yet initialised or started). */
function createApp(settings: NonNullable<Config['slack']>, logger: Logger, options: SlackOptions): App {
  const socketMode = Boolean(settings.appToken);
  const clientOptions: WebClientOptions = { retryConfig: options.retryConfig ?? DEFAULT_RETRY };
  if (settings.apiUrl) clientOptions.slackApiUrl = settings.apiUrl;
  const socketClientOptions: WebClientOptions = { retryConfig: options.socketRetryConfig ?? options.retryConfig ?? DEFAULT_SOCKET_RETRY };
  if (settings.apiUrl) socketClientOptions.slackApiUrl = settings.apiUrl;
  const boltLog: BoltLoggerType = boltLogger(logger);
  return new App({
    token: settings.botToken,
    logger: boltLog,
    clientOptions,
    // auth.test runs in `app.init()` below, where its failure can be caught (in the constructor it would
    // be an unhandled rejection).
    deferInitialization: true,
    ...(socketMode
      ? { socketMode: true, appToken: settings.appToken!, installerOptions: { clientOptions: socketClientOptions } }
      : {
          signingSecret: settings.signingSecret!,
          port: settings.port,
          processBeforeResponse: false,
          ...(options.health ? { customRoutes: [{ path: '/healthz', method: 'GET', handler: healthRoute(options.health) }] } : {}),
        }),
  });
}

/** Wires the listeners (and drops redelivered events: a redelivery never produces a second answer). */
function wire(app: App, deps: SlackDeps): void {
  const seen = new RecentIds();
  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !seen.add(eventId)) {
      deps.log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'dropped a redelivered event');
      return;
    }
    // A retry may reach another replica than the first delivery: the shared database decides who answers.
    if (typeof eventId === 'string' && deps.bot.claimEvent && !(await deps.bot.claimEvent(eventId))) {
      deps.log.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'dropped an event another process took');
      return;
    }
    await next();
  });
  app.command(SLASH_COMMAND, (args) => handleSlashCommand(args, deps));
  app.event('app_mention', (args) => handleMention(args, deps));
  app.action<BlockAction<ButtonAction>>(ACTION_ID_PATTERN, (args) => handleButton(args, deps));
  app.error(async (error) => {
    const code = slackErrorCode(error.original ?? error) ?? error.code;
    deps.log.error({ err: error.original ?? error, code }, 'Slack request failed');
  });
}

/** Checks the bot token (`auth.test`), then connects (Socket Mode) or listens (HTTP); resolves to the HTTP port and server's gate. */
async function connect(app: App, settings: NonNullable<Config['slack']>, options: SlackOptions, log: Logger): Promise<{ port?: number; gate?: ServerGate }> {
  const socketMode = Boolean(settings.appToken);
  try {
    await app.init();
  } catch (error) {
    throw startupError(error, 'SLACK_BOT_TOKEN', settings.apiUrl);
  }
  try {
    if (socketMode) {
      await app.start();
      return {};
    }
    const server = (await app.start(options.host ? { port: settings.port, host: options.host } : settings.port)) as unknown as
      | (import('node:http').Server & { address(): { port: number } | string | null })
      | undefined;
    const gate = server ? new ServerGate(server) : undefined;
    if (server) guardRequests(server, log, gate!);
    const address = server?.address();
    return { port: typeof address === 'object' && address ? address.port : settings.port, gate };
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new SlackStartupError(`SLACK_PORT ${settings.port} is already in use; choose another port.`);
    }
    if (socketMode) {
      // The Socket Mode client may still hold a half-open connection attempt.
      await app.stop().catch(() => {});
      throw startupError(error, 'SLACK_APP_TOKEN', settings.apiUrl);
    }
    throw new SlackStartupError(`Could not start the Slack HTTP receiver on port ${settings.port}: ${(error as Error).message}`);
  }
}

/**
 * Connects quotebot to Slack and resolves once it is listening (HTTP) or connected (Socket Mode).
 * Rejects with a {@link SlackStartupError} when the configuration or the tokens are wrong.
 */
export async function startSlack(bot: ChatBot, config: Config, logger: Logger, options: SlackOptions = {}): Promise<SlackHandle> {
  const settings = config.slack;
  if (!settings) throw new SlackStartupError('Slack is not configured: set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET).');
  const socketMode = Boolean(settings.appToken);
  if (!socketMode && !settings.signingSecret) {
    throw new SlackStartupError('Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode).');
  }
  const log = logger.child({ component: 'slack', mode: socketMode ? 'socket' : 'http' });
  const app = createApp(settings, logger, options);
  const onState = options.onState ?? (() => {});
  onState('connecting');
  if (socketMode) {
    // Bolt keeps its Socket Mode client on the (private) receiver; its events are the connection's state.
    const client = (app as unknown as { receiver?: { client?: { on(event: string, listener: (...args: unknown[]) => void): unknown } } }).receiver?.client;
    client?.on('connected', () => onState('connected'));
    client?.on('reconnecting', () => onState('reconnecting'));
    client?.on('disconnected', () => onState('reconnecting', 'Socket Mode connection lost; reconnecting'));
  }
  // Requests in flight (the core answering, the reply being posted): stop() lets them finish first.
  const inFlight = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  // Who is a workspace admin comes from Slack (users.info, cached); the core adds QUOTEBOT_ADMINS.
  const isWorkspaceAdmin = workspaceAdmins((user) => app.client.users.info({ user }) as Promise<SlackUserInfo>, log);
  wire(app, { bot, log, requester: requesterFor(isWorkspaceAdmin) });
  const { port, gate } = await connect(app, settings, options, log);
  onState('connected');
  if (socketMode) log.info('Slack connected (Socket Mode)');
  else log.info({ port }, `Slack listening on port ${port} (POST /slack/events)`);

  let stopped: Promise<void> | undefined;
  return {
    mode: socketMode ? 'socket' : 'http',
    ...(port !== undefined ? { port } : {}),
    stop() {
      stopped ??= (async () => {
        try {
          // Drain: what arrived is answered first (bounded), then the connection or server closes. In HTTP
          // mode no new connection is taken from now on, and responses close their keep-alive connection.
          const closing = gate?.begin();
          closing?.catch(() => undefined);
          const until = Date.now() + (options.drainMs ?? 10_000);
          while (inFlight.size > 0 && Date.now() < until) {
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, until - Date.now())))]);
            clearTimeout(timer);
          }
          if (inFlight.size > 0) log.warn({ inFlight: inFlight.size }, 'stopping with Slack answers still in flight');
          // HTTP: requests already sent on open keep-alive sockets are still answered, then those close.
          if (gate) await gate.close(Math.min(until, Date.now() + CLOSE_WITHIN_MS));
          else await app.stop();
          onState('disconnected', 'stopped');
          log.info('Slack stopped');
        } catch (error) {
          log.warn({ err: error }, 'Slack did not stop cleanly');
        }
      })();
      return stopped;
    },
  };
}
