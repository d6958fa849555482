/**
 * A local Discord stand-in: REST v10 and gateway v10 (JSON encoding, no compression) on 127.0.0.1.
 *
 * Enough of Discord for discord.js 14 to log in, shard, receive interactions and messages, and for tests to
 * assert exactly what the bot sent back. Every REST request is recorded with its raw (percent-encoded) path.
 *
 * REST: `GET /api/v10/gateway/bot` (ws url, recommended shards, session_start_limit; 401 for a wrong token),
 * `PUT /applications/:app/commands` and `.../guilds/:guild/commands`, `POST /interactions/:id/:token/callback`,
 * `PATCH|DELETE /webhooks/:app/:token/messages/@original`, `POST /webhooks/:app/:token` (follow-ups),
 * `PATCH /webhooks/:app/:token/messages/:id` (editing a follow-up), `POST /channels/:id/messages`,
 * `PATCH /channels/:id/messages/:id`, `POST /channels/:id/typing`. Multipart bodies (attachments) are
 * parsed: `payload_json` becomes the body and every file part is kept in `files`, and the stored message
 * lists them as `attachments`. `failNext()` answers the next matching request with a 429 and `Retry-After`.
 *
 * Gateway: HELLO (op 10), heartbeat ACK (op 11), IDENTIFY -> READY + one GUILD_CREATE per guild of the shard
 * (`(guild_id >> 22) % num_shards`), RESUME -> replay of missed dispatches + RESUMED, invalid session (op 9)
 * for an unknown session. `closeGateway(4000)` drops every connection (a resumable close).
 *
 * @example
 * const discord = await DiscordStandIn.start();
 * // DISCORD_TOKEN=discord.token DISCORD_API_BASE=discord.apiBase
 * discord.injectInteraction(discord.slashCommand('quote', { topic: 'gpus' }));
 * const reply = await discord.waitForRequest((r) => r.route === 'POST /interactions/:id/:token/callback');
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** Discord's epoch (2015-01-01), for snowflakes. */
const EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh snowflake (time-ordered, unique within the process). */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** A REST request the bot made. */
export interface RecordedRequest {
  method: string;
  /** Raw path after `/api/v10`, still percent-encoded (e.g. `/webhooks/1/tok/messages/%40original`). */
  path: string;
  /** `METHOD /route/:with/:params`, e.g. `PATCH /webhooks/:app/:token/messages/@original`. */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (or the `payload_json` part of a multipart body); undefined when empty. */
  body: any;
  /** The file parts of a multipart body (attachments), in order; empty for JSON bodies. */
  files: UploadedFile[];
  /** Status the stand-in answered with. */
  status: number;
  at: number;
}

/** One file part of a multipart request (an attachment). */
export interface UploadedFile {
  /** The form field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string | undefined;
  data: Buffer;
}

/** A guild the bot is in. */
export interface StandInGuild {
  id: string;
  name: string;
  channelId: string;
}

/** Options of {@link DiscordStandIn.start}. */
export interface StandInOptions {
  /** The one valid bot token. Default `test-token`. */
  token?: string;
  /** Shard count `GET /gateway/bot` recommends. Default 1. */
  recommendedShards?: number;
  /** Guilds the bot is in. Default: two guilds with one text channel each. */
  guilds?: number;
  /** Heartbeat interval sent in HELLO, ms. Default 1,000 (so tests see heartbeats). */
  heartbeatInterval?: number;
  /** Close every IDENTIFY with this gateway close code (e.g. 4014, intents refused). Default: accept it. */
  refuseIdentify?: number;
}

interface Session {
  id: string;
  shard: [number, number];
  seq: number;
  /** Every dispatch sent in this session, for RESUME replay. */
  sent: Array<{ s: number; t: string; d: unknown }>;
  socket?: WebSocket;
}

/** What a gateway connection did. */
export interface GatewayEvent {
  op: 'identify' | 'resume' | 'heartbeat';
  shard?: [number, number];
  intents?: number;
  token?: string;
  sessionId?: string;
  seq?: number | null;
}

interface Failure {
  match: (method: string, route: string) => boolean;
  status: number;
  retryAfter: number;
  remaining: number;
}

const ROUTES: Array<[string, RegExp, string[]]> = [
  ['GET /gateway/bot', /^\/gateway\/bot$/, []],
  ['GET /users/@me', /^\/users\/%40me$|^\/users\/@me$/, []],
  ['GET /applications/@me', /^\/applications\/(?:%40me|@me)$/, []],
  ['PUT /applications/:app/guilds/:guild/commands', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, ['app', 'guild']],
  ['PUT /applications/:app/commands', /^\/applications\/(\d+)\/commands$/, ['app']],
  ['POST /interactions/:id/:token/callback', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, ['id', 'token']],
  ['PATCH /webhooks/:app/:token/messages/@original', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(?:%40|@)original$/, ['app', 'token']],
  ['DELETE /webhooks/:app/:token/messages/@original', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(?:%40|@)original$/, ['app', 'token']],
  ['GET /webhooks/:app/:token/messages/@original', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(?:%40|@)original$/, ['app', 'token']],
  ['PATCH /webhooks/:app/:token/messages/:message', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(\d+)$/, ['app', 'token', 'message']],
  ['POST /webhooks/:app/:token', /^\/webhooks\/(\d+)\/([^/]+)$/, ['app', 'token']],
  ['POST /channels/:channel/messages', /^\/channels\/(\d+)\/messages$/, ['channel']],
  ['PATCH /channels/:channel/messages/:message', /^\/channels\/(\d+)\/messages\/(\d+)$/, ['channel', 'message']],
  ['POST /channels/:channel/typing', /^\/channels\/(\d+)\/typing$/, ['channel']],
];

/** The local Discord. Start with {@link DiscordStandIn.start}; stop with {@link DiscordStandIn.stop}. */
export class DiscordStandIn {
  readonly token: string;
  readonly applicationId = snowflake();
  readonly botUser = { id: this.applicationId, username: 'quotebot', discriminator: '0000', global_name: null, avatar: null, bot: true };
  readonly guilds: StandInGuild[] = [];
  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every IDENTIFY, RESUME and heartbeat, in arrival order. */
  readonly gateway: GatewayEvent[] = [];
  /** Messages the bot created, by id (channel messages, interaction responses, follow-ups). */
  readonly messages = new Map<string, any>();
  apiBase = '';
  wsUrl = '';

  private server!: Server;
  private wss!: WebSocketServer;
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();
  private readonly failures: Failure[] = [];
  private readonly waiters = new Set<() => void>();
  /** Interaction token -> { channel, original message id }, so webhook edits can return full messages. */
  private readonly interactions = new Map<string, { channelId: string; guildId?: string; originalId?: string }>();
  private readonly heartbeatInterval: number;
  private readonly recommendedShards: number;

  private readonly refuseIdentify: number | undefined;

  private constructor(options: StandInOptions) {
    this.token = options.token ?? 'test-token';
    this.heartbeatInterval = options.heartbeatInterval ?? 1000;
    this.refuseIdentify = options.refuseIdentify;
    this.recommendedShards = options.recommendedShards ?? 1;
    for (let i = 0; i < (options.guilds ?? 2); i++) {
      this.guilds.push({ id: snowflake(), name: `Guild ${i + 1}`, channelId: snowflake() });
    }
  }

  /** Starts the stand-in on an ephemeral 127.0.0.1 port. */
  static async start(options: StandInOptions = {}): Promise<DiscordStandIn> {
    const standIn = new DiscordStandIn(options);
    await standIn.listen();
    return standIn;
  }

  private async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.onHttp(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, req));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.apiBase = `http://127.0.0.1:${port}/api`;
    this.wsUrl = `ws://127.0.0.1:${port}`;
  }

  /** Stops the servers and drops every connection. */
  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- REST

  /**
   * Answers the next `times` requests matching `route` (e.g. `POST /interactions/:id/:token/callback`)
   * with `status` (default 429) and `Retry-After: retryAfter` seconds (default 0.2).
   */
  failNext(route: string, options: { times?: number; status?: number; retryAfter?: number } = {}): void {
    this.failures.push({
      match: (method, r) => `${method} ${r}` === route || r === route,
      status: options.status ?? 429,
      retryAfter: options.retryAfter ?? 0.2,
      remaining: options.times ?? 1,
    });
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawPath = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      // Like Discord, a 204 has no body and no content type (a JSON content type would make clients parse it).
      res.writeHead(status, body === undefined ? headers : { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const prefix = '/api/v10';
    if (!rawPath.startsWith(prefix)) return send(404, { message: '404: Not Found', code: 0 });
    const path = rawPath.slice(prefix.length);

    let route = `${method} ${path}`;
    const params: Record<string, string> = {};
    for (const [name, pattern, keys] of ROUTES) {
      if (!name.startsWith(`${method} `)) continue;
      const m = pattern.exec(path);
      if (!m) continue;
      route = name;
      keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1]!)));
      break;
    }
    const record: RecordedRequest = {
      method, path, route, params, query: url.searchParams, headers: req.headers, body: parseBody(raw, req.headers['content-type']),
      files: multipartFiles(bytes, req.headers['content-type']), status: 0, at: Date.now(),
    };
    this.requests.push(record);
    const reply = (status: number, body?: unknown, headers?: Record<string, string>) => {
      record.status = status;
      send(status, body, headers);
      this.notify();
    };

    const failure = this.failures.find((f) => f.remaining > 0 && f.match(method, route));
    if (failure) {
      failure.remaining--;
      return reply(failure.status, { message: 'You are being rate limited.', retry_after: failure.retryAfter, global: false }, {
        'retry-after': String(failure.retryAfter),
        'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': String(failure.retryAfter),
        'x-ratelimit-bucket': 'standin', 'x-ratelimit-scope': 'user',
      });
    }

    const needsBotAuth = !route.startsWith('POST /interactions') && !route.includes('/webhooks/');
    if (needsBotAuth && req.headers.authorization !== `Bot ${this.token}`) {
      return reply(401, { message: '401: Unauthorized', code: 0 });
    }

    switch (route) {
      case 'GET /gateway/bot':
        return reply(200, {
          url: this.wsUrl,
          shards: this.recommendedShards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 16 },
        });
      case 'GET /users/@me':
        return reply(200, this.botUser);
      case 'GET /applications/@me':
        return reply(200, { id: this.applicationId, name: 'quotebot', icon: null, description: '', bot_public: true, bot_require_code_grant: false, verify_key: 'x', flags: 0, team: null, bot: this.botUser });
      case 'PUT /applications/:app/commands':
      case 'PUT /applications/:app/guilds/:guild/commands': {
        const commands = Array.isArray(record.body) ? record.body : [];
        return reply(200, commands.map((c: any) => ({
          id: snowflake(), application_id: params.app, version: snowflake(), type: 1, default_member_permissions: null,
          nsfw: false, ...(params.guild ? { guild_id: params.guild } : {}), options: [], ...c,
        })));
      }
      case 'POST /interactions/:id/:token/callback': {
        const info = this.interactions.get(params.token!);
        const type = record.body?.type;
        if ((type === 4 || type === 5 || type === 7) && info) {
          if (type !== 7 || !info.originalId) info.originalId = snowflake();
          const message = this.message(info.channelId, type === 5 ? { content: '', flags: (record.body.data?.flags ?? 0) | 128 } : record.body.data ?? {}, info.originalId, record.files);
          if (type === 7) Object.assign(message, { edited_timestamp: new Date().toISOString() });
        }
        return reply(204);
      }
      case 'PATCH /webhooks/:app/:token/messages/@original':
      case 'GET /webhooks/:app/:token/messages/@original': {
        const info = this.interactions.get(params.token!);
        if (!info) return reply(404, { message: 'Unknown Webhook', code: 10015 });
        info.originalId ??= snowflake();
        const previous = this.messages.get(info.originalId) ?? {};
        const message = this.message(info.channelId, { ...previous, ...(record.body ?? {}) }, info.originalId, record.files);
        return reply(200, message);
      }
      case 'DELETE /webhooks/:app/:token/messages/@original': {
        const info = this.interactions.get(params.token!);
        if (info?.originalId) this.messages.delete(info.originalId);
        return reply(204);
      }
      case 'PATCH /webhooks/:app/:token/messages/:message':
      case 'PATCH /channels/:channel/messages/:message': {
        const previous = this.messages.get(params.message!);
        if (!previous) return reply(404, { message: 'Unknown Message', code: 10008 });
        const message = this.message(previous.channel_id, { ...previous, ...(record.body ?? {}) }, params.message!, record.files);
        return reply(200, { ...message, edited_timestamp: new Date().toISOString() });
      }
      case 'POST /webhooks/:app/:token': {
        const info = this.interactions.get(params.token!);
        if (!info) return reply(404, { message: 'Unknown Webhook', code: 10015 });
        return reply(200, this.message(info.channelId, record.body ?? {}, snowflake(), record.files));
      }
      case 'POST /channels/:channel/messages':
        return reply(200, this.message(params.channel!, record.body ?? {}, snowflake(), record.files));
      case 'POST /channels/:channel/typing':
        return reply(204);
      default:
        return reply(404, { message: `404: Not Found (${route})`, code: 0 });
    }
  }

  /** Builds, stores and returns a full message object as Discord would. */
  private message(channelId: string, body: any, id = snowflake(), files: UploadedFile[] = []): any {
    const guild = this.guilds.find((g) => g.channelId === channelId);
    // Uploaded files become attachments (kept across edits that upload nothing new).
    const attachments = files.length
      ? files.map((f) => ({ id: snowflake(), filename: f.filename, size: f.data.length, content_type: f.contentType, url: `https://cdn.standin.test/${f.filename}`, proxy_url: `https://cdn.standin.test/${f.filename}` }))
      : (body.attachments ?? []).filter((a: any) => a && typeof a === 'object' && 'url' in a);
    const message = {
      id, channel_id: channelId, ...(guild ? { guild_id: guild.id } : {}), author: this.botUser, content: body.content ?? '',
      timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [],
      mention_roles: [], attachments, embeds: body.embeds ?? [], components: body.components ?? [], pinned: false,
      type: body.message_reference ? 19 : 0, flags: body.flags ?? 0, application_id: this.applicationId,
      ...(body.message_reference ? { message_reference: body.message_reference } : {}),
    };
    this.messages.set(id, message);
    return message;
  }

  /** Resolves with the first recorded request (from `since` on) that satisfies `match`. */
  async waitForRequest(match: (r: RecordedRequest) => boolean, options: { since?: number; timeout?: number } = {}): Promise<RecordedRequest> {
    const found = await this.waitUntil(() => this.requests.slice(options.since ?? 0).find(match), options.timeout, 'request');
    return found;
  }

  /** Resolves once `check` returns something truthy (re-checked on every request and gateway event). */
  async waitUntil<T>(check: () => T | undefined | false, timeout = 10_000, what = 'condition'): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`stand-in: timed out waiting for ${what}; requests so far: ${this.requests.map((r) => `${r.route} ${r.status}`).join(', ')}`));
      }, timeout);
      const waiter = () => {
        const value = check();
        if (!value) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(value);
      };
      this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  // ---------------------------------------------------------------- gateway

  private onSocket(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.searchParams.get('v') !== '10' || url.searchParams.get('encoding') !== 'json') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    const send = (payload: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(payload));
    send({ op: 10, d: { heartbeat_interval: this.heartbeatInterval }, s: null, t: null });
    ws.on('message', (data) => {
      let payload: any;
      try {
        payload = JSON.parse(String(data));
      } catch {
        ws.close(4002, 'Error while decoding payload');
        return;
      }
      switch (payload.op) {
        case 1:
          this.gateway.push({ op: 'heartbeat', seq: payload.d });
          send({ op: 11, d: null, s: null, t: null });
          break;
        case 2:
          this.onIdentify(ws, payload.d);
          break;
        case 6:
          this.onResume(ws, payload.d);
          break;
        default:
          break;
      }
      this.notify();
    });
  }

  private onIdentify(ws: WebSocket, d: any): void {
    const shard: [number, number] = Array.isArray(d.shard) ? [d.shard[0], d.shard[1]] : [0, 1];
    this.gateway.push({ op: 'identify', shard, intents: d.intents, token: d.token });
    if (d.token !== this.token) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    if (this.refuseIdentify !== undefined) {
      ws.close(this.refuseIdentify, 'refused by the stand-in');
      return;
    }
    const session: Session = { id: snowflake(), shard, seq: 0, sent: [], socket: ws };
    this.sessions.set(session.id, session);
    const guilds = this.guildsOf(shard);
    this.send(session, 'READY', {
      v: 10, user: this.botUser, guilds: guilds.map((g) => ({ id: g.id, unavailable: true })), session_id: session.id,
      resume_gateway_url: this.wsUrl, shard, application: { id: this.applicationId, flags: 0 }, private_channels: [],
      relationships: [], user_settings: {}, presences: [], guild_join_requests: [], geo_ordered_rtc_regions: [],
    });
    for (const guild of guilds) this.send(session, 'GUILD_CREATE', this.guildPayload(guild));
  }

  private onResume(ws: WebSocket, d: any): void {
    this.gateway.push({ op: 'resume', sessionId: d.session_id, seq: d.seq, token: d.token });
    const session = this.sessions.get(d.session_id);
    if (!session || d.token !== this.token) {
      ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return;
    }
    session.socket = ws;
    for (const event of session.sent.filter((e) => e.s > (d.seq ?? 0))) {
      ws.send(JSON.stringify({ op: 0, s: event.s, t: event.t, d: event.d }));
    }
    this.send(session, 'RESUMED', null);
  }

  private guildsOf([id, count]: [number, number]): StandInGuild[] {
    return this.guilds.filter((g) => Number((BigInt(g.id) >> 22n) % BigInt(count)) === id);
  }

  private guildPayload(guild: StandInGuild): unknown {
    return {
      id: guild.id, name: guild.name, icon: null, splash: null, discovery_splash: null, owner_id: snowflake(), afk_channel_id: null,
      afk_timeout: 300, verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0, features: [], mfa_level: 0,
      application_id: null, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null,
      description: null, banner: null, premium_tier: 0, preferred_locale: 'en-US', public_updates_channel_id: null, nsfw_level: 0,
      premium_progress_bar_enabled: false, safety_alerts_channel_id: null, joined_at: new Date().toISOString(), large: false,
      unavailable: false, member_count: 2, voice_states: [], presences: [], threads: [], stage_instances: [], guild_scheduled_events: [],
      emojis: [], stickers: [],
      roles: [{ id: guild.id, name: '@everyone', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: '1071698660929', managed: false, mentionable: false, flags: 0 }],
      members: [{ user: this.botUser, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
      channels: [{ id: guild.channelId, type: 0, name: 'general', position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 }],
    };
  }

  private send(session: Session, t: string, d: unknown): void {
    session.seq++;
    session.sent.push({ s: session.seq, t, d });
    const socket = session.socket;
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify({ op: 0, s: session.seq, t, d }));
  }

  /** The live session of a shard (the newest one that identified for it). */
  private sessionFor(shardId: number): Session | undefined {
    return [...this.sessions.values()].reverse().find((s) => s.shard[0] === shardId);
  }

  /** Sends a dispatch to a shard's session (queued for RESUME replay when its connection is down). */
  dispatch(t: string, d: unknown, shardId = 0): void {
    const session = this.sessionFor(shardId);
    if (!session) throw new Error(`stand-in: no session for shard ${shardId}`);
    this.send(session, t, d);
  }

  /** Closes every gateway connection (or only shard `shardId`'s) with `code` (4000: unknown error, resumable; 4004: authentication failed, fatal). */
  closeGateway(code = 4000, shardId?: number): void {
    if (shardId !== undefined) {
      const socket = this.sessionFor(shardId)?.socket;
      if (!socket) throw new Error(`stand-in: no connection for shard ${shardId}`);
      socket.close(code, 'stand-in closed the connection');
      return;
    }
    for (const socket of this.sockets) socket.close(code, 'stand-in closed the connection');
  }

  /** Resolves once `n` READY (or RESUMED) sessions are connected. */
  async waitForSessions(n: number, timeout?: number): Promise<void> {
    await this.waitUntil(() => [...this.sessions.values()].filter((s) => s.socket?.readyState === 1).length >= n || undefined, timeout, `${n} sessions`);
  }

  // ---------------------------------------------------------------- injected events

  /** A guild member payload for a user. */
  member(user: { id: string; username?: string }, permissions = '1071698660929'): any {
    return {
      user: { id: user.id, username: user.username ?? `user${user.id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null },
      roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, pending: false, permissions,
      premium_since: null, nick: null, avatar: null, communication_disabled_until: null,
    };
  }

  private baseInteraction(type: number, data: unknown, options: InteractionOptions): any {
    const guild = this.guilds[options.guild ?? 0]!;
    const id = snowflake();
    const token = `itoken-${id}`;
    this.interactions.set(token, { channelId: guild.channelId, guildId: guild.id });
    return {
      id, application_id: this.applicationId, type, data, guild_id: guild.id,
      guild: { id: guild.id, locale: 'en-US', features: [] },
      channel_id: guild.channelId,
      channel: { id: guild.channelId, type: 0, name: 'general', guild_id: guild.id, position: 0, permission_overwrites: [], nsfw: false, parent_id: null, last_message_id: null, rate_limit_per_user: 0, flags: 0, topic: null },
      member: this.member({ id: options.userId ?? '100000000000000001' }, options.permissions ?? '0'),
      token, version: 1, app_permissions: '1071698660929', locale: 'en-US', guild_locale: 'en-US',
      entitlements: [], authorizing_integration_owners: { 0: guild.id }, context: 0, attachment_size_limit: 10_485_760,
      ...(options.message ? { message: options.message } : {}),
    };
  }

  /** An APPLICATION_COMMAND interaction for `/name option:value ...`. */
  slashCommand(name: string, options: Record<string, string | number> = {}, who: InteractionOptions = {}): any {
    const data = {
      id: snowflake(), name, type: 1, guild_id: this.guilds[who.guild ?? 0]!.id,
      options: Object.entries(options).map(([key, value]) => ({ name: key, type: typeof value === 'number' ? 4 : 3, value })),
    };
    return this.baseInteraction(2, data, who);
  }

  /** An APPLICATION_COMMAND_AUTOCOMPLETE interaction with `focused` being typed. */
  autocomplete(name: string, focused: string, partial: string, others: Record<string, string> = {}, who: InteractionOptions = {}): any {
    const options = [
      ...Object.entries(others).map(([key, value]) => ({ name: key, type: 3, value })),
      { name: focused, type: 3, value: partial, focused: true },
    ];
    return this.baseInteraction(4, { id: snowflake(), name, type: 1, options }, who);
  }

  /** A MESSAGE_COMPONENT (button) interaction on `message` with `customId`. */
  button(customId: string, message: any, who: InteractionOptions = {}): any {
    return this.baseInteraction(3, { custom_id: customId, component_type: 2 }, { ...who, message });
  }

  /** Injects an INTERACTION_CREATE on a shard. */
  injectInteraction(interaction: any, shardId = 0): void {
    this.dispatch('INTERACTION_CREATE', interaction, shardId);
  }

  /** Injects a MESSAGE_CREATE mentioning the bot (`<@botId> text`) and returns the message. */
  injectMention(text: string, who: { userId?: string; guild?: number } = {}, shardId = 0): any {
    const guild = this.guilds[who.guild ?? 0]!;
    const author = { id: who.userId ?? '100000000000000001', username: 'asker', discriminator: '0', global_name: null, avatar: null };
    const message = {
      id: snowflake(), channel_id: guild.channelId, guild_id: guild.id, author, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
      content: `<@${this.botUser.id}> ${text}`, timestamp: new Date().toISOString(), edited_timestamp: null, tts: false,
      mention_everyone: false, mentions: [{ ...this.botUser, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } }],
      mention_roles: [], attachments: [], embeds: [], components: [], pinned: false, type: 0, flags: 0,
    };
    this.dispatch('MESSAGE_CREATE', message, shardId);
    return message;
  }
}

/** Who sends an injected interaction. */
export interface InteractionOptions {
  userId?: string;
  /** Index into the stand-in's guilds. Default 0. */
  guild?: number;
  /** The member's permission bitfield as a decimal string. Default '0' (no Manage Server). */
  permissions?: string;
  message?: unknown;
}

/** The file parts of a `multipart/form-data` body (binary-safe); empty for any other body. */
function multipartFiles(body: Buffer, contentType: string | undefined): UploadedFile[] {
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) return [];
  const files: UploadedFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length + 2; // skip CRLF after the boundary
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start, next - 2); // without the CRLF before the next boundary
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = part.subarray(0, split).toString('utf8');
      const filename = /filename="([^"]*)"/i.exec(head)?.[1];
      if (filename !== undefined) {
        files.push({
          field: /name="([^"]*)"/i.exec(head)?.[1] ?? '',
          filename,
          contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1],
          data: Buffer.from(part.subarray(split + 4)),
        });
      }
    }
    at = next;
  }
  return files;
}

function parseBody(raw: string, contentType: string | undefined): any {
  if (!raw) return undefined;
  if (contentType?.startsWith('multipart/form-data')) {
    const m = /name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
    return m ? JSON.parse(m[1]!) : undefined;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
