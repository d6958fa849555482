/**
 * Acknowledging an interaction exactly once, within Discord's 3-second deadline.
 *
 * The core's answer is raced against a timer (default 1.5 s): an answer that arrives first is sent as the
 * response itself (type 4, or 7 to update a button's message); otherwise the interaction is deferred
 * (type 5 / 6) and `@original` is edited when the answer comes. An answer that turns out to be private
 * after a public defer replaces the "thinking" message with an ephemeral follow-up.
 *
 * The core searches synchronously, so a slow search blocks the event loop and no timer can fire during it.
 * {@link LatencyGauge} remembers recent slow answers per command and defers *before* starting such work,
 * which covers that case from the second slow request on; the timer race covers asynchronous slowness
 * (a reload in progress, a future worker-thread index).
 *
 * @example
 * await respond(interaction, bot.handle(request), { mode: 'reply', render, deferAfterMs: 1500, logger, gauge, key: 'quote' });
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { newReference } from '../../core/bot.ts';
import type { Answer } from '../../core/types.ts';
import type { Logger } from '../../logger.ts';
import { PICTURE_WAIT_MS } from '../../pictures/index.ts';
import { startPicture } from './pictures.ts';
import { attachPicture, toDiscordJs, type DiscordPayload } from './render.ts';

/** Default time the core gets before the interaction is deferred. */
export const DEFER_AFTER_MS = 1500;

/**
 * Waits between attempts to deliver an answer after a defer when Discord fails (5xx, network): about
 * 8 minutes in all, well inside the interaction token's 15 minutes. discord.js's own quick retries run
 * inside each attempt.
 */
export const DELIVERY_RETRY_MS: readonly number[] = [1000, 2000, 4000, 8000, 15_000, 30_000, 60_000, 120_000, 240_000];
/** An interaction token is valid 15 minutes; deliveries stop trying a little before. */
const TOKEN_LIFETIME_MS = 14 * 60_000;

/** True for a failure worth retrying: a Discord server error or a network problem (not a 4xx). */
export function retryable(error: unknown): boolean {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status >= 500 : true;
}

/**
 * Runs `send` until it succeeds, waiting `delays[i]` after the i-th retryable failure, and never past
 * `deadline` (epoch ms). Rethrows the last error (or at once a non-retryable one).
 */
export async function withRetries<T>(send: () => Promise<T>, delays: readonly number[], deadline: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const delay = delays[attempt];
      if (!retryable(error) || delay === undefined || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}

/** Remembers how long recent answers took, per command, to defer up front when they tend to be slow. */
export class LatencyGauge {
  private readonly recent = new Map<string, number[]>();
  /**
   * @param slowMs an answer at least this slow counts as slow (default 1,000 ms)
   * @param window how many recent answers per command are remembered (default 5)
   */
  constructor(private readonly slowMs = 1000, private readonly window = 5) {}
  record(key: string, ms: number): void {
    const list = this.recent.get(key) ?? [];
    list.push(ms);
    if (list.length > this.window) list.shift();
    this.recent.set(key, list);
  }
  private readonly privacy = new Map<string, boolean>();
  /** Remembers whether the last answer of `key` was private (a defer takes the same visibility). */
  recordPrivate(key: string, isPrivate: boolean): void {
    this.privacy.set(key, isPrivate);
  }
  /** Whether the last answer of `key` was private (default false). */
  wasPrivate(key: string): boolean {
    return this.privacy.get(key) ?? false;
  }
  /** True when one of the recent answers of `key` was slow. */
  isSlow(key: string): boolean {
    return (this.recent.get(key) ?? []).some((ms) => ms >= this.slowMs);
  }
}

/** Options of {@link respond}. */
export interface RespondOptions {
  /** `reply`: a new response message. `update`: replace the message the button is on. */
  mode: 'reply' | 'update';
  render: (answer: Answer) => DiscordPayload;
  deferAfterMs: number;
  logger: Logger;
  gauge: LatencyGauge;
  /** Gauge key, usually the command name. */
  key: string;
  /** Waits between delivery retries after a defer, in ms. Default {@link DELIVERY_RETRY_MS}. */
  retryDelaysMs?: readonly number[];
  /**
   * How long an answer's picture may delay the text (ms). A picture not drawn by then is added to the
   * message by an edit once it is. Default {@link PICTURE_WAIT_MS}; never past Discord's 3-second deadline.
   */
  pictureWaitMs?: number;
}

/** Discord's deadline for the first response to an interaction, less a margin. */
const RESPONSE_DEADLINE_MS = 2500;

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

/** Notices and errors (cooldown, expired token) never replace the message a button is on. */
function isNotice(answer: Answer): boolean {
  return answer.kind === 'notice' || answer.kind === 'error';
}

/** True when the answer is only for the asker (then it must not replace a shared message). */
function isPrivate(payload: DiscordPayload): boolean {
  return (payload.flags & MessageFlags.Ephemeral) !== 0;
}

/**
 * Sends the answer `work` resolves to as the interaction's one acknowledgement (or a defer plus an edit),
 * then its follow-up answer, if any, as a follow-up message when it is ready (not awaited).
 * Never throws: a failed send is logged (e.g. an interaction that expired while the event loop was busy).
 */
export async function respond(interaction: Repliable, work: () => Promise<Answer>, options: RespondOptions): Promise<void> {
  let followUp: Promise<Answer> | undefined;
  await respondOnce(
    interaction,
    async () => {
      const answer = await work();
      followUp = answer.followUp;
      return answer;
    },
    options,
  );
  if (followUp) void sendFollowUp(interaction, followUp, options);
}

/**
 * Sends a follow-up answer (e.g. `add`'s summary) as a follow-up message. Discord accepts follow-ups for
 * 15 minutes after the interaction; a later one is logged as not delivered. Never throws.
 */
export async function sendFollowUp(interaction: Repliable, followUp: Promise<Answer>, options: Pick<RespondOptions, 'render' | 'logger' | 'key'>): Promise<void> {
  try {
    const answer = await followUp;
    await interaction.followUp(toDiscordJs(options.render(answer)));
  } catch (error) {
    options.logger.warn({ err: error, command: options.key, interaction: interaction.id }, 'could not send a follow-up answer (Discord accepts them for 15 minutes)');
  }
}

async function respondOnce(interaction: Repliable, work: () => Promise<Answer>, options: RespondOptions): Promise<void> {
  const { logger, gauge, key } = options;
  const started = performance.now();
  try {
    let deferred = false;
    // A defer's visibility cannot be changed later: guess it from this command's last answer.
    const deferPrivate = gauge.wasPrivate(key);
    const defer = async () => {
      deferred = true;
      if (options.mode === 'update' && interaction.isButton()) await interaction.deferUpdate();
      else await interaction.deferReply(deferPrivate ? { flags: MessageFlags.Ephemeral } : {});
    };
    if (gauge.isSlow(key)) await defer();
    const pending = work().finally(() => gauge.record(key, performance.now() - started));
    let answer: Answer | undefined;
    if (!deferred) {
      const timer = new AbortController();
      const winner = await Promise.race([
        pending.then((a) => ({ a })),
        sleep(options.deferAfterMs, undefined, { signal: timer.signal }).then(() => undefined, () => undefined),
      ]);
      timer.abort();
      if (winner) answer = winner.a;
      else await defer();
    }
    answer ??= await pending;
    // The picture may hold the text back only briefly (and never past the interaction's deadline).
    const wait = Math.min(options.pictureWaitMs ?? PICTURE_WAIT_MS, deferred ? Infinity : RESPONSE_DEADLINE_MS - (performance.now() - started));
    const picture = await startPicture(answer, logger, wait);
    const rendered = options.render(answer);
    const payload = picture.now ? attachPicture(rendered, picture.now) : rendered;
    const message = toDiscordJs(payload);
    if (!isNotice(answer)) gauge.recordPrivate(key, isPrivate(payload));

    // Where the answer ended up, for adding a late picture: the original response or a follow-up.
    let followUpId: string | undefined;
    if (!deferred) {
      if (options.mode === 'update' && interaction.isButton() && !isNotice(answer)) await interaction.update(message);
      else await interaction.reply(message);
    } else {
      // Deferred: the user sees "thinking..." until this goes through. Discord failing (5xx, network) is
      // retried with backoff while the interaction token lives; if it never goes through, the user is left
      // a short failure message with a reference id instead of "thinking..." forever.
      const delays = options.retryDelaysMs ?? DELIVERY_RETRY_MS;
      const deadline = Date.now() - (performance.now() - started) + TOKEN_LIFETIME_MS;
      const retry = <T>(send: () => Promise<T>) => withRetries(send, delays, deadline);
      try {
        if (options.mode === 'update') {
          // Deferred update (type 6): a notice goes to the clicker alone, the message with the buttons stays.
          if (isNotice(answer)) await retry(() => interaction.followUp({ ...message, flags: MessageFlags.Ephemeral }));
          else await retry(() => interaction.editReply(message));
        } else if (isPrivate(payload) !== deferPrivate) {
          // The defer's visibility was wrong (a private answer must not appear in the channel, a public one
          // must not stay hidden): a follow-up of the right visibility, and only once it is delivered is the
          // "thinking" message removed (removing it first lost the answer when the follow-up failed).
          followUpId = (await retry(() => interaction.followUp(message))).id;
          await interaction.deleteReply().catch((error: unknown) => logger.debug({ err: error }, 'could not remove the deferred "thinking" message'));
        } else {
          const { flags: _flags, ...edit } = message;
          await retry(() => interaction.editReply(edit));
        }
      } catch (error) {
        await leaveFailure(interaction, error, logger, key);
        return;
      }
    }
    if (picture.later) {
      const file = await picture.later;
      if (!file) return;
      const { embeds, files } = toDiscordJs(attachPicture(rendered, file));
      await interaction.editReply({ embeds, ...(files ? { files } : {}), ...(followUpId ? { message: followUpId } : {}) });
    }
  } catch (error) {
    logger.warn({ err: error, command: key, interaction: interaction.id }, 'could not answer a Discord interaction');
  }
}

/**
 * The answer could not be delivered after a defer: log it with a reference id and tell the user so, in
 * place of "thinking..." (edit) or, when editing is what fails, as a private follow-up.
 */
async function leaveFailure(interaction: Repliable, error: unknown, logger: Logger, key: string): Promise<void> {
  const reference = newReference();
  logger.error({ err: error, reference, command: key, interaction: interaction.id }, `could not answer a Discord interaction (${reference})`);
  const content = `Sorry, the answer could not be delivered (Discord did not accept it). Please ask again; if it keeps happening, tell the operator reference ${reference}.`;
  const attempts: Array<() => Promise<unknown>> = [
    () => interaction.editReply({ content, embeds: [], components: [] }),
    () => interaction.followUp({ content, flags: MessageFlags.Ephemeral }),
  ];
  for (const attempt of attempts) {
    try {
      await attempt();
      return;
    } catch (failure) {
      logger.debug({ err: failure, reference }, 'could not leave the failure message either');
    }
  }
}
