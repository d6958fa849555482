/**
 * A local Slack stand-in for tests, the load script and hand checks. Loopback only (127.0.0.1, port 0 by
 * default), no traffic leaves the machine.
 *
 * It plays both sides Slack plays:
 * - **Web API** `POST /api/<method>` (form-encoded or JSON): `auth.test`, `chat.postMessage`,
 *   `chat.postEphemeral`, `chat.update`, `users.info` (`is_admin` for the ids in {@link SlackStandIn.admins}),
 *   `apps.connections.open` (returns this server's `ws://` URL). Every
 *   call is recorded; {@link SlackStandIn.failNext} makes the next calls of a method fail (e.g. 429).
 * - **Files API** as `files.uploadV2` uses it: `files.getUploadURLExternal` (returns an `upload_url` on this
 *   server), `POST /upload/<file id>` (the bytes, recorded in {@link SlackStandIn.uploads}), and
 *   `files.completeUploadExternal` (shares the uploaded files to `channel_id` / `thread_ts`).
 * - **response_url sink** `POST /response/<id>`: what a `respond()` sends is recorded per id.
 * - **Socket Mode** WebSocket at `/socket`: sends `{"type":"hello"}` on connect, then whatever envelopes a
 *   test pushes with {@link SlackStandIn.sendEnvelope}, and resolves with the app's ack.
 * - **HTTP mode client**: {@link signedRequest} signs requests exactly like Slack (`v0=` HMAC-SHA256 of
 *   `v0:{ts}:{body}`), and the payload builders produce Slack-shaped slash commands, events and clicks.
 * - **Control API** for hand checks with curl: `GET /control/calls`, `GET /control/responses`,
 *   `POST /control/envelope` (`{type, payload, retry_attempt?}` -> the ack).
 *
 * @example
 * const slack = await SlackStandIn.start({ botToken: 'xoxb-test', appToken: 'xapp-test' });
 * // App({ clientOptions: { slackApiUrl: slack.apiUrl }, ... })
 * await slack.stop();
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One recorded Web API call. */
export interface ApiCall {
  method: string;
  /** Parsed body (form fields or JSON). Values of JSON-in-form fields such as `blocks` are parsed too. */
  params: Record<string, unknown>;
  /** The bearer token the call was made with (from the Authorization header or the `token` field). */
  token: string | undefined;
  /** HTTP status the stand-in answered with. */
  status: number;
}

/** One POST to a response_url. */
export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
}

/** The bytes of one file uploaded to an `upload_url`. */
export interface Upload {
  fileId: string;
  /** The filename given to files.getUploadURLExternal. */
  filename: string;
  data: Buffer;
}

/** An ack the app sent for a Socket Mode envelope. */
export interface EnvelopeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** A queued fault for a Web API method. */
export interface Fault {
  /** HTTP status. Default 429. */
  status?: number;
  /** `Retry-After` header in seconds (429 only). Default 0. */
  retryAfter?: number;
  /** Instead of an HTTP error: a 200 with `{ ok: false, error }`. */
  error?: string;
}

/** Options of {@link SlackStandIn.start}. */
export interface StandInOptions {
  /** The bot token `auth.test` and other calls accept; any other token gets `invalid_auth`. Default `xoxb-test`. */
  botToken?: string;
  /** The app-level token `apps.connections.open` accepts. Default `xapp-test`. */
  appToken?: string;
  /** Port to listen on. Default 0 (a free port). */
  port?: number;
  /** The bot's user id (auth.test `user_id`). Default `UQUOTEBOT`. */
  botUserId?: string;
  /** Milliseconds between WebSocket pings to connected apps (keeps Socket Mode clients happy). Default 10,000. */
  pingIntervalMs?: number;
  /** User ids `users.info` reports as workspace admins (`is_admin`); `admins` can change it later. Default none. */
  admins?: readonly string[];
}

const TEAM_ID = 'T0STANDIN';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The content of the first part of a `multipart/form-data` body, or the body itself when it is not multipart. */
function firstPart(body: Buffer, contentType: string | undefined): Buffer {
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) return body;
  const delimiter = Buffer.from(`--${boundary}`);
  const start = body.indexOf(delimiter);
  const headEnd = body.indexOf('\r\n\r\n', start);
  const next = body.indexOf(delimiter, headEnd);
  if (start < 0 || headEnd < 0 || next < 0) return body;
  return Buffer.from(body.subarray(headEnd + 4, next - 2));
}

/** Parses a form-encoded or JSON body; JSON-looking form fields (`blocks`, `payload`) are parsed too. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if ((value.startsWith('[') || value.startsWith('{')) && key !== 'text') {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        /* keep as string */
      }
    }
    out[key] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return out;
}

/** The local Slack. Create with {@link SlackStandIn.start}. */
export class SlackStandIn {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  readonly acks: EnvelopeAck[] = [];
  /** Files posted to an `upload_url`, in order. */
  readonly uploads: Upload[] = [];
  private readonly pendingFiles = new Map<string, string>();
  private fileCounter = 0;
  /** Every WebSocket an app has opened (open or closed). */
  readonly sockets: WebSocket[] = [];
  readonly botUserId: string;
  /** User ids `users.info` reports as workspace admins (`is_admin: true`); tests may change it. */
  readonly admins = new Set<string>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly pendingAcks = new Map<string, (ack: EnvelopeAck) => void>();
  private readonly waiters = new Set<() => void>();
  private ts = 1_700_000_000;
  private pinger: NodeJS.Timeout | undefined;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly botToken: string,
    readonly appToken: string,
    botUserId: string,
  ) {
    this.botUserId = botUserId;
  }

  /** Starts the stand-in on 127.0.0.1. */
  static async start(options: StandInOptions = {}): Promise<SlackStandIn> {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    const standIn = new SlackStandIn(
      server,
      wss,
      options.botToken ?? 'xoxb-test',
      options.appToken ?? 'xapp-test',
      options.botUserId ?? 'UQUOTEBOT',
    );
    for (const id of options.admins ?? []) standIn.admins.add(id);
    server.on('request', (req, res) => {
      standIn.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => standIn.accept(ws));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    standIn.pinger = setInterval(() => {
      for (const ws of standIn.sockets) if (ws.readyState === ws.OPEN) ws.ping();
    }, options.pingIntervalMs ?? 10_000);
    standIn.pinger.unref();
    return standIn;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Web API base URL for `clientOptions.slackApiUrl` / `SLACK_API_URL`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A fresh response_url; what is posted to it shows up in {@link responsesTo}. */
  newResponseUrl(): { id: string; url: string } {
    const id = randomUUID();
    return { id, url: `http://127.0.0.1:${this.port}/response/${id}` };
  }

  /** Posts to one response_url, in order. */
  responsesTo(id: string): Array<Record<string, unknown>> {
    return this.responses.filter((r) => r.id === id).map((r) => r.body);
  }

  /** Recorded calls of one Web API method that were answered with 200. */
  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Makes the next `times` calls of `method` fail as described. */
  failNext(method: string, fault: Fault = {}, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.faults.set(method, queue);
  }

  /** Resolves once `predicate()` holds (re-checked on every request the stand-in sees). */
  waitFor<T>(predicate: () => T | undefined | false): Promise<T> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const value = predicate();
        if (value) {
          this.waiters.delete(check);
          resolve(value);
          return true;
        }
        return false;
      };
      if (!check()) this.waiters.add(check);
    });
  }

  /** Open Socket Mode connections. */
  get openSockets(): WebSocket[] {
    return this.sockets.filter((ws) => ws.readyState === ws.OPEN);
  }

  /**
   * Sends a Socket Mode envelope on the newest open connection and resolves with the app's ack.
   * @example await slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'random' }))
   */
  sendEnvelope(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: Record<string, unknown>,
    extra: { retry_attempt?: number; retry_reason?: string; envelope_id?: string } = {},
  ): Promise<EnvelopeAck> {
    const ws = this.openSockets.at(-1);
    if (!ws) return Promise.reject(new Error('no Socket Mode connection is open'));
    const envelope_id = extra.envelope_id ?? randomUUID();
    const envelope = {
      envelope_id,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: extra.retry_attempt ?? 0, retry_reason: extra.retry_reason ?? '' } : {}),
    };
    return new Promise((resolve) => {
      this.pendingAcks.set(envelope_id, resolve);
      ws.send(JSON.stringify(envelope));
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.pinger);
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }

  private accept(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on('message', (data) => {
      let message: EnvelopeAck;
      try {
        message = JSON.parse(String(data)) as EnvelopeAck;
      } catch {
        return;
      }
      if (typeof message.envelope_id !== 'string') return;
      this.acks.push(message);
      this.pendingAcks.get(message.envelope_id)?.(message);
      this.pendingAcks.delete(message.envelope_id);
      this.notify();
    });
    ws.on('close', () => this.notify());
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0STANDIN' }, debug_info: { host: 'standin' } }));
    this.notify();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        const method = url.pathname.slice('/api/'.length);
        const params = parseBody(await readBody(req), req.headers['content-type']);
        const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '');
        const token = auth || (typeof params.token === 'string' ? params.token : undefined);
        const fault = this.faults.get(method)?.shift();
        if (fault && !fault.error) {
          const status = fault.status ?? 429;
          this.calls.push({ method, params, token, status });
          send(status, { ok: false, error: status === 429 ? 'ratelimited' : 'fatal_error' }, status === 429 ? { 'retry-after': String(fault.retryAfter ?? 0) } : {});
          return;
        }
        this.calls.push({ method, params, token, status: 200 });
        if (fault?.error) {
          send(200, { ok: false, error: fault.error });
          return;
        }
        send(200, this.answer(method, params, token));
        return;
      }
      if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
        const fileId = url.pathname.slice('/upload/'.length);
        const filename = this.pendingFiles.get(fileId);
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        if (filename === undefined) return send(404, { ok: false, error: 'unknown_upload' });
        // Like Slack's upload URL: the raw bytes, or the first part of a multipart/form-data body.
        const data = firstPart(Buffer.concat(chunks), req.headers['content-type']);
        this.uploads.push({ fileId, filename, data });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`OK - ${data.length}`);
        return;
      }
      if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
        const id = url.pathname.slice('/response/'.length);
        this.responses.push({ id, body: parseBody(await readBody(req), req.headers['content-type'] ?? 'application/json') });
        send(200, { ok: true });
        return;
      }
      if (req.method === 'GET' && url.pathname === '/control/calls') return send(200, this.calls);
      if (req.method === 'GET' && url.pathname === '/control/responses') return send(200, this.responses);
      if (req.method === 'POST' && url.pathname === '/control/envelope') {
        const body = JSON.parse(await readBody(req)) as { type: 'slash_commands' | 'interactive' | 'events_api'; payload: Record<string, unknown>; retry_attempt?: number };
        const ack = await this.sendEnvelope(body.type, body.payload, body.retry_attempt !== undefined ? { retry_attempt: body.retry_attempt } : {});
        return send(200, ack);
      }
      send(404, { ok: false, error: 'unknown_path' });
    } finally {
      this.notify();
    }
  }

  private answer(method: string, params: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    if (method === 'apps.connections.open') {
      if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${randomUUID()}` };
    }
    if (token !== this.botToken) return { ok: false, error: 'invalid_auth' };
    const ts = `${this.ts++}.000100`;
    switch (method) {
      case 'users.info': {
        const user = String(params.user ?? '');
        if (!/^[UW][A-Z0-9]{2,}$/.test(user)) return { ok: false, error: 'user_not_found' };
        const admin = this.admins.has(user);
        return { ok: true, user: { id: user, team_id: TEAM_ID, name: user.toLowerCase(), is_admin: admin, is_owner: false, is_primary_owner: false, is_bot: false } };
      }
      case 'auth.test':
        return { ok: true, url: 'https://standin.slack.test/', team: 'Stand-in', user: 'quotebot', team_id: TEAM_ID, user_id: this.botUserId, bot_id: 'B0QUOTEBOT', is_enterprise_install: false };
      case 'chat.postMessage':
        if (!params.channel) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: params.channel, ts, message: { type: 'message', text: params.text, user: this.botUserId, ts, blocks: params.blocks } };
      case 'chat.postEphemeral':
        if (!params.channel || !params.user) return { ok: false, error: 'user_not_in_channel' };
        return { ok: true, message_ts: ts };
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text };
      case 'files.getUploadURLExternal': {
        if (!params.filename || !params.length) return { ok: false, error: 'invalid_arguments' };
        const fileId = `F0STANDIN${++this.fileCounter}`;
        this.pendingFiles.set(fileId, String(params.filename));
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(params.files) ? params.files : []) as Array<{ id?: string; title?: string }>;
        if (!files.length || files.some((f) => !f.id || !this.uploads.some((u) => u.fileId === f.id))) return { ok: false, error: 'file_not_found' };
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '', name: this.pendingFiles.get(f.id!), channels: params.channel_id ? [params.channel_id] : [] })) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** Signs a body like Slack: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Options of {@link signedRequest}. */
export interface SignedRequestOptions {
  secret: string;
  /** Unix seconds. Default now. */
  timestamp?: number;
  /** Replace the computed signature (to test a bad one). */
  signature?: string;
  /** Extra headers, e.g. `{ 'X-Slack-Retry-Num': '1' }`. */
  headers?: Record<string, string>;
}

/**
 * POSTs a body to an HTTP-mode app the way Slack does: form-encoded (content type exactly
 * `application/x-www-form-urlencoded`) for commands and interactivity, JSON for events.
 */
export async function signedRequest(
  url: string,
  body: { form: Record<string, string> } | { json: unknown },
  options: SignedRequestOptions,
): Promise<{ status: number; text: string }> {
  const raw = 'form' in body ? new URLSearchParams(body.form).toString() : JSON.stringify(body.json);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'form' in body ? 'application/x-www-form-urlencoded' : 'application/json',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': options.signature ?? slackSignature(options.secret, timestamp, raw),
      ...options.headers,
    },
    body: raw,
  });
  return { status: response.status, text: await response.text() };
}

/** Fields of a slash command request (form fields in HTTP mode, `payload` in Socket Mode). */
export function slashCommandPayload(fields: { text: string; user?: string; channel?: string; responseUrl: string }): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    team_domain: 'standin',
    channel_id: fields.channel ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: fields.user ?? 'U0ASKER',
    user_name: 'asker',
    command: '/quote',
    text: fields.text,
    api_app_id: 'A0STANDIN',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: `${Date.now()}.1.${randomUUID().slice(0, 8)}`,
  };
}

/** An `event_callback` wrapping an `app_mention`. */
export function appMentionPayload(fields: {
  text: string;
  user?: string;
  channel?: string;
  ts?: string;
  threadTs?: string;
  eventId?: string;
  botUserId?: string;
}): Record<string, unknown> {
  const ts = fields.ts ?? `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0STANDIN',
    type: 'event_callback',
    event_id: fields.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: fields.botUserId ?? 'UQUOTEBOT', is_bot: true, is_enterprise_install: false }],
    event: {
      type: 'app_mention',
      user: fields.user ?? 'U0ASKER',
      text: fields.text,
      ts,
      channel: fields.channel ?? 'C0GENERAL',
      event_ts: ts,
      ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    },
  };
}

/** A `block_actions` payload for a click on a button (as found in a rendered message). */
export function blockActionPayload(fields: {
  actionId: string;
  value: string;
  user?: string;
  channel?: string;
  responseUrl: string;
  messageTs?: string;
  ephemeral?: boolean;
}): Record<string, unknown> {
  const user = fields.user ?? 'U0ASKER';
  return {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0STANDIN',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: fields.messageTs ?? '1700000000.000100', channel_id: fields.channel ?? 'C0GENERAL', is_ephemeral: fields.ephemeral ?? true },
    trigger_id: `${Date.now()}.1.${randomUUID().slice(0, 8)}`,
    team: { id: TEAM_ID, domain: 'standin' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: fields.channel ?? 'C0GENERAL', name: 'general' },
    response_url: fields.responseUrl,
    actions: [
      { action_id: fields.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'More', emoji: false }, value: fields.value, type: 'button', action_ts: `${Date.now() / 1000}` },
    ],
  };
}

/** Every button (action_id and value) in a rendered message body. */
export function buttonsOf(message: Record<string, unknown> | undefined): Array<{ action_id: string; value: string; text: string }> {
  const blocks = (message?.blocks ?? []) as Array<{ type: string; elements?: Array<{ type: string; action_id?: string; value?: string; text?: { text: string } }> }>;
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button')
    .map((e) => ({ action_id: e.action_id ?? '', value: e.value ?? '', text: e.text?.text ?? '' }));
}
