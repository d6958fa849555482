/**
 * One bot for many processes. Under discord.js's ShardingManager every shard is its own process; rather
 * than each loading its own copy of the index (0.5-0.65 GB at 1,000 hours), the manager process owns the
 * one {@link QuoteBot} (index, cooldown table, paging memory, hot reload) and the shards ask it over their
 * IPC channel. This module is that seam, independent of Discord:
 *
 * - {@link serveBot} (manager side) answers `{ quotebotRpc: 1, id, method: 'handle' | 'complete', args }`
 *   messages arriving on a {@link Channel} with `bot.handle()` / `bot.complete()`.
 * - {@link RemoteBot} (shard side) is the {@link ChatBot} the adapter gets instead of a QuoteBot: the same
 *   `commands` and `parse()` (the command table is plain data, no index needed), `handle()` and `complete()` sent to
 *   the manager with a timeout. Like QuoteBot's, `handle()` never throws: when the manager fails, does not
 *   answer in time or is gone, the asker gets an error Answer with a reference id that is also logged.
 *
 * Messages carry the key `quotebotRpc` and no key starting with `_`, so they never collide with
 * discord.js's own sharding messages (`_ready`, `_eval`, `_sFetchProp`, ...), which the manager's Shard
 * handles itself; everything else reaches `shard.on('message')` and the child's `process.on('message')`.
 *
 * @example
 * // manager, once per shard:  serveBot(bot, { send: (m) => shard.send(m), onMessage: (f) => { shard.on('message', f); return () => shard.off('message', f); } });
 * // shard process:
 * const bot = new RemoteBot(processChannel());
 * await startDiscord(bot, config, logger);
 */
import { newReference, type BotLogger } from './bot.ts';
import type { ChatBot, Choice, CompletionKind } from './chat-bot.ts';
import { COMMAND_SPECS } from './commands/index.ts';
import { parseText } from './parse.ts';
import type { Answer, CommandSpec, Request, Requester } from './types.ts';

/** What {@link serveBot} serves: a QuoteBot, or any {@link ChatBot}'s two calls that need the index. */
export type ServedBot = Pick<ChatBot, 'handle' | 'complete'>;

/**
 * A message channel between two processes (a child's `process`, a discord.js `Shard`, or an in-memory pair
 * in tests). Messages must survive JSON serialisation.
 */
export interface Channel {
  /** Sends one message; may throw or reject when the other side is gone. */
  send(message: RpcMessage): void | Promise<unknown>;
  /** Calls `listener` for every incoming message (foreign ones included); returns an unsubscribe function. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** Calls `listener` once the other side is gone for good (optional); returns an unsubscribe function. */
  onClose?(listener: () => void): () => void;
}

/** A request from a shard. */
export interface RpcRequest {
  quotebotRpc: 1;
  id: number;
  method: 'handle' | 'complete';
  args: unknown[];
}

/** The manager's reply: `result`, or `error` (with the reference id under which the manager logged it). */
export interface RpcReply {
  quotebotRpc: 1;
  id: number;
  result?: unknown;
  error?: string;
  reference?: string;
  /** The answer has a follow-up (`Answer.followUp`, which cannot cross processes): an {@link RpcFollowUp} with the same id comes later. */
  followUp?: true;
}

/** The follow-up answer of an earlier `handle` reply (e.g. the summary of a chat `add`). */
export interface RpcFollowUp {
  quotebotRpc: 1;
  id: number;
  followUpResult: unknown;
}

export type RpcMessage = RpcRequest | RpcReply | RpcFollowUp;

/** Longest a shard waits for a follow-up answer (a chat `add` of a large channel takes a while). */
export const FOLLOW_UP_TIMEOUT_MS = 2 * 3_600_000;

function isRpc(message: unknown): message is Record<string, unknown> & { quotebotRpc: 1; id: number } {
  const m = message as { quotebotRpc?: unknown; id?: unknown } | null;
  return typeof m === 'object' && m !== null && m.quotebotRpc === 1 && typeof m.id === 'number';
}

/** Options of {@link serveBot}. */
export interface ServeOptions {
  /** Where failures are logged (with the reference id the shard shows its user). Default: nowhere. */
  logger?: BotLogger;
  /** Named in log lines, e.g. `shard 2`. */
  peer?: string;
}

/**
 * Answers the RPC requests arriving on `channel` with `bot`; ignores every other message. Requests run
 * concurrently. Returns a function that stops serving.
 */
export function serveBot(bot: ServedBot, channel: Channel, options: ServeOptions = {}): () => void {
  const reply = async (message: RpcReply) => {
    try {
      await channel.send(message);
    } catch (error) {
      options.logger?.warn({ err: error, peer: options.peer }, 'could not send an answer back to a shard (it may have exited)');
    }
  };
  const answer = async (request: RpcRequest) => {
    const { id, method, args } = request;
    try {
      if (method === 'handle') {
        const { followUp, ...result } = await bot.handle(args[0] as Request);
        await reply({ quotebotRpc: 1, id, result, ...(followUp ? { followUp: true as const } : {}) });
        if (followUp) {
          // QuoteBot's follow-ups never reject; another ServedBot's might, and the shard must still hear.
          const next = await followUp.catch((error: unknown): Answer => {
            const reference = newReference();
            options.logger?.error({ err: error, reference, peer: options.peer }, `follow-up for ${options.peer ?? 'a shard'} failed (${reference})`);
            return { kind: 'error', ephemeral: true, reference, text: `Sorry, something went wrong. If it keeps happening, tell the operator reference ${reference}.` };
          });
          const { followUp: _nested, ...plain } = next;
          try {
            await channel.send({ quotebotRpc: 1, id, followUpResult: plain });
          } catch (error) {
            options.logger?.warn({ err: error, peer: options.peer }, 'could not send a follow-up answer to a shard (it may have exited)');
          }
        }
      } else if (method === 'complete') {
        const [kind, partial, limit, user] = args as [CompletionKind, string, number | undefined, Requester | undefined];
        await reply({ quotebotRpc: 1, id, result: await bot.complete(kind, partial, limit, user) });
      } else {
        await reply({ quotebotRpc: 1, id, error: `unknown method ${JSON.stringify(String(method)).slice(0, 40)}` });
      }
    } catch (error) {
      const reference = newReference();
      try {
        options.logger?.error({ err: error, reference, method, peer: options.peer }, `request from ${options.peer ?? 'a shard'} failed (${reference})`);
      } catch {
        // A broken logger must not keep the shard waiting.
      }
      await reply({ quotebotRpc: 1, id, error: (error as Error)?.message ?? String(error), reference });
    }
  };
  return channel.onMessage((message) => {
    if (!isRpc(message) || typeof message.method !== 'string' || !Array.isArray(message.args)) return;
    void answer(message as unknown as RpcRequest);
  });
}

/** Options of {@link RemoteBot}. */
export interface RemoteBotOptions {
  /**
   * Milliseconds `handle()` waits for the manager before answering with an error. Default 10,000 (Discord
   * interactions are deferred after ~1.5 s, so a slow answer still arrives; a dead manager does not hang).
   */
  timeoutMs?: number;
  /** Milliseconds `complete()` waits before giving no choices. Default 2,000 (Discord allows 3 s in all). */
  completeTimeoutMs?: number;
  /** Where failures to reach the manager are logged, with the reference id the user sees. Default: nowhere. */
  logger?: BotLogger;
}

interface Pending {
  settle(reply: RpcReply | undefined, why?: string): void;
}

/**
 * A bot whose requests another process answers (see the module comment). Use it exactly like a QuoteBot.
 *
 * @example
 * const bot = new RemoteBot(processChannel(), { timeoutMs: 10_000, logger });
 * const answer = await bot.handle(bot.parse('quote gpus', { platform: 'discord', userId: '42' }));
 */
export class RemoteBot implements ChatBot {
  /** The same command specs as the manager's QuoteBot (plain data: no index needed here). */
  readonly commands: readonly CommandSpec[] = COMMAND_SPECS;
  private readonly channel: Channel;
  private readonly timeoutMs: number;
  private readonly completeTimeoutMs: number;
  private readonly logger: BotLogger | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly followUps = new Map<number, (answer: Answer) => void>();
  private readonly unsubscribe: Array<() => void> = [];
  private nextId = 1;
  private closed = false;

  constructor(channel: Channel, options: RemoteBotOptions = {}) {
    this.channel = channel;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.completeTimeoutMs = options.completeTimeoutMs ?? 2_000;
    this.logger = options.logger;
    this.unsubscribe.push(channel.onMessage((message) => this.receive(message)));
    if (channel.onClose) this.unsubscribe.push(channel.onClose(() => this.close('the manager process is gone')));
  }

  /** Requests waiting for the manager now. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Parses a line of chat text, locally (see `parse.ts`). Never throws. */
  parse(text: string, user: Requester): Request {
    return parseText(text, this.commands, user);
  }

  /** Answers a request through the manager. Never throws: failures become an error Answer with a reference. */
  async handle(req: Request): Promise<Answer> {
    const reply = await this.call('handle', [req], this.timeoutMs);
    if ('result' in reply && reply.result && typeof reply.result === 'object') {
      const answer = reply.result as Answer;
      return reply.followUp ? { ...answer, followUp: this.awaitFollowUp(reply.id, req) } : answer;
    }
    const reference = reply.reference ?? newReference();
    if (!reply.reference) {
      this.log('warn', { reference, command: String(req?.command ?? ''), user: req?.user?.userId, problem: reply.error }, `request not answered (${reference}): ${reply.error}`);
    }
    return {
      kind: 'error',
      ephemeral: true,
      reference,
      text: reply.reference
        ? `Sorry, something went wrong answering that. If it keeps happening, tell the operator reference ${reference}.`
        : `Sorry, quotebot could not reach its search service just now. Please try again in a moment; if it keeps happening, tell the operator reference ${reference}.`,
    };
  }

  /** Autocomplete choices from the manager; empty when it fails or is too slow. Never throws. */
  async complete(kind: CompletionKind, partial: string, limit = 25, user?: Requester): Promise<Choice[]> {
    const reply = await this.call('complete', user ? [kind, partial, limit, user] : [kind, partial, limit], this.completeTimeoutMs);
    if (Array.isArray(reply.result)) return reply.result as Choice[];
    this.log('warn', { kind, problem: reply.error, reference: reply.reference }, `autocomplete not answered: ${reply.error}`);
    return [];
  }

  /** Stops listening; requests still waiting (and later ones) get the error answer at once. */
  close(why = 'the bot was closed'): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    for (const p of [...this.pending.values()]) p.settle(undefined, why);
    const reference = newReference();
    for (const settle of [...this.followUps.values()]) {
      settle({ kind: 'error', ephemeral: true, reference, text: `Sorry, the rest of this answer was lost (${why}). Reference ${reference}.` });
    }
  }

  /** The follow-up answer the manager announced for request `id` (an error answer if it never comes). */
  private awaitFollowUp(id: number, req: Request): Promise<Answer> {
    return new Promise<Answer>((resolve) => {
      const timer = setTimeout(() => {
        const reference = newReference();
        this.log('warn', { reference, command: String(req?.command ?? '') }, `follow-up not received within ${FOLLOW_UP_TIMEOUT_MS} ms (${reference})`);
        settle({ kind: 'error', ephemeral: true, reference, text: `Sorry, the rest of this answer did not arrive. If it keeps happening, tell the operator reference ${reference}.` });
      }, FOLLOW_UP_TIMEOUT_MS);
      timer.unref?.();
      const settle = (answer: Answer) => {
        if (!this.followUps.delete(id)) return;
        clearTimeout(timer);
        resolve(answer);
      };
      this.followUps.set(id, settle);
    });
  }

  /** Sends one request; resolves with the reply, or a local `{ error }` reply on timeout, send failure or close. */
  private call(method: RpcRequest['method'], args: unknown[], timeoutMs: number): Promise<RpcReply> {
    const id = this.nextId++;
    const failed = (error: string): RpcReply => ({ quotebotRpc: 1, id, error });
    if (this.closed) return Promise.resolve(failed('the manager process is gone'));
    return new Promise<RpcReply>((resolve) => {
      const timer = setTimeout(() => entry.settle(undefined, `no answer from the manager process within ${timeoutMs} ms`), timeoutMs);
      timer.unref?.();
      const entry: Pending = {
        settle: (reply, why) => {
          if (!this.pending.delete(id)) return;
          clearTimeout(timer);
          resolve(reply ?? failed(why ?? 'no answer'));
        },
      };
      this.pending.set(id, entry);
      const sendFailed = (error: unknown) => entry.settle(undefined, `could not send to the manager process: ${(error as Error)?.message ?? String(error)}`);
      try {
        const sent = this.channel.send({ quotebotRpc: 1, id, method, args });
        if (sent && typeof (sent as Promise<unknown>).catch === 'function') (sent as Promise<unknown>).catch(sendFailed);
      } catch (error) {
        sendFailed(error);
      }
    });
  }

  private receive(message: unknown): void {
    if (!isRpc(message) || 'method' in message) return;
    if ('followUpResult' in message) {
      const result = message.followUpResult;
      if (result && typeof result === 'object') this.followUps.get(message.id)?.(result as Answer);
      return;
    }
    this.pending.get(message.id)?.settle(message as unknown as RpcReply);
  }

  private log(level: 'warn' | 'error', obj: object, msg: string): void {
    try {
      this.logger?.[level](obj, msg);
    } catch {
      // A broken logger must not break the answer.
    }
  }
}

/**
 * The channel of a child process to its parent (`process.send` / `process.on('message')`), e.g. a
 * discord.js shard in `mode: 'process'`. Throws when the process has no IPC channel.
 */
export function processChannel(proc: NodeJS.Process = process): Channel {
  if (typeof proc.send !== 'function') throw new Error('this process has no IPC channel to a parent (was it started by the ShardingManager?)');
  return {
    send: (message) =>
      new Promise<void>((resolve, reject) => {
        if (!proc.connected) return reject(new Error('the IPC channel is closed'));
        proc.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
      }),
    onMessage(listener) {
      proc.on('message', listener);
      return () => void proc.off('message', listener);
    },
    onClose(listener) {
      proc.on('disconnect', listener);
      return () => void proc.off('disconnect', listener);
    },
  };
}
