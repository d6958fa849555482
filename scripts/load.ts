/**
 * Load test: drives the real bot (the product's startup path `prepareBot` + `startDiscord` + `startSlack`,
 * configured through `loadConfig` like production) through the local Discord and Slack stand-ins from the
 * adapter tests, at a fixed request rate, and reports what came back.
 *
 *   npm run load                                  # 50 requests/s for 60 s, writes docs/benchmarks.md "Load"
 *   npm run load -- --seconds 10 --rate 20 --no-write
 *   npm run load -- --dir ../shared/corpus/3b1b   # another transcripts folder (default: TRANSCRIPTS_DIR or ./transcripts)
 *   npm run load -- --rebuild-every 10           # also add a transcript every 10 s: hot reload rebuilds under load
 *
 * With --rebuild-every, the transcripts folder is copied to a temp folder, and during the measured run a small
 * new transcript is written there every S seconds (the previous one removed), so the watcher rebuilds and swaps
 * the index while requests keep coming; the rebuild times from the log are reported.
 *
 * A warm-up (--warmup-seconds, default 5, same rate and mix) runs first and is reported on its own line, not in
 * the figures: it is the JIT warming discord.js, Bolt and the search code after a start.
 *
 * Traffic is open-loop (request i is sent at i/rate seconds whether or not earlier ones were answered, so a
 * slow bot cannot hide its latency by slowing the load down), loopback only, bounded by --seconds x --rate.
 * The mix: Discord slash commands, @mentions and "More" button clicks, Slack slash commands (HTTP mode,
 * signed like Slack signs them), app mentions and "More" clicks. A button is clicked by the user it belongs
 * to, on an answer the bot gave earlier in the run.
 *
 * The product's per-user cooldown (QUOTEBOT_COOLDOWN_SECONDS, default 3 s) stays on; the load spreads over
 * many distinct simulated users (--users per platform, default enough that no user asks twice within the
 * cooldown) so it measures serving rather than rate limiting. Cooldown notices are counted separately.
 *
 * Latency is request sent -> answer received at the stand-in (Discord: the interaction callback with the
 * message, or the edit of a deferred one; mentions: the reply message; Slack: the response_url post, or the
 * chat.postMessage in the thread). Deadlines: Discord wants the interaction callback within 3 s, Slack the
 * HTTP ack within 3 s; both are reported, as is the share of full answers within 3 s.
 *
 * The bot, both stand-ins and the load generator share one process (one event loop), so the figures are
 * an upper bound on the bot's own latency.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig, type Config } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { prepareService } from '../src/app/startup.ts';
import { startDiscord } from '../src/adapters/discord/index.ts';
import { startSlack } from '../src/adapters/slack/index.ts';
import { DiscordStandIn, snowflake, type RecordedRequest } from '../test/adapters/discord/stand-in.ts';
import { appMentionPayload, blockActionPayload, buttonsOf, signedRequest, slashCommandPayload, SlackStandIn } from '../test/adapters/slack/standin.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCHMARKS = resolve(ROOT, 'docs/benchmarks.md');
const SIGNING_SECRET = 'load-signing-secret-0c4e';
const DEADLINE_MS = 3000;

// ------------------------------------------------------------------------------------------------ options

const USAGE = 'npm run load -- [--seconds 60] [--rate 50] [--users N] [--dir TRANSCRIPTS] [--warmup-seconds 5] [--rebuild-every S] [--drain-seconds 15] [--no-write]';
const OPTIONS = {
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '50' },
    users: { type: 'string' },
    dir: { type: 'string' },
    'drain-seconds': { type: 'string', default: '15' },
    'warmup-seconds': { type: 'string', default: '5' },
    'rebuild-every': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
} as const;
let flags: ReturnType<typeof parseArgs<{ options: typeof OPTIONS.options }>>['values'];
try {
  flags = parseArgs(OPTIONS).values;
} catch (error) {
  console.error(`${(error as Error).message}\nusage: ${USAGE}`);
  process.exit(2);
}
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const positive = (name: string, raw: string, max: number): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    console.error(`--${name} must be a number between 0 and ${max} (got "${raw}")`);
    process.exit(2);
  }
  return n;
};
const SECONDS = positive('seconds', flags.seconds!, 3600);
const RATE = positive('rate', flags.rate!, 1000);
const DRAIN_MS = positive('drain-seconds', flags['drain-seconds']!, 600) * 1000;
const TOTAL = Math.round(SECONDS * RATE);
const WARMUP = flags['warmup-seconds'] === '0' ? 0 : Math.round(positive('warmup-seconds', flags['warmup-seconds']!, 600) * RATE);

// ------------------------------------------------------------------------------------------------ records

type Platform = 'discord' | 'slack';
type Kind = 'slash' | 'mention' | 'button';

interface Sent {
  platform: Platform;
  kind: Kind;
  user: string;
  /** What was asked: `quote`, `timeline`, `random`, `more`... */
  what: string;
  t0: number;
  /** The platform's deadline event: Discord interaction callback, Slack HTTP ack (mentions: the answer). */
  ackAt?: number;
  answerAt?: number;
  error?: string;
  cooldown?: boolean;
}

const sent: Sent[] = [];
const now = (): number => performance.now();

/** Marks an answer: error answers (a reference id) and cooldown notices are told apart from real ones. */
function answered(rec: Sent, text: string): void {
  if (rec.answerAt !== undefined) return;
  rec.answerAt = now();
  // The bot's cooldown runs from when it took the request, so a user is busy until answered.
  (rec.platform === 'discord' ? discordUsers : slackUsers).mark(rec.user);
  rec.ackAt ??= rec.answerAt;
  if (/You can ask again in \d+ second/.test(text)) rec.cooldown = true;
  if (/Reference: `?E[0-9A-Z]{6}/.test(text) || /Something went wrong/i.test(text)) rec.error ??= `error answer: ${text.slice(0, 160)}`;
}

// ------------------------------------------------------------------------------------------------ start

const env = process.env;
const sourceDir = resolve(flags.dir ?? env.TRANSCRIPTS_DIR ?? resolve(ROOT, 'transcripts'));
const REBUILD_MS = flags['rebuild-every'] ? positive('rebuild-every', flags['rebuild-every'], 3600) * 1000 : 0;
/** With --rebuild-every, a scratch copy that the run may write to; else the folder itself. */
const dir = REBUILD_MS ? await mkdtemp(join(tmpdir(), 'quotebot-load-')) : sourceDir;
if (REBUILD_MS) await cp(sourceDir, dir, { recursive: true });
const discordStandIn = await DiscordStandIn.start();
const slackStandIn = await SlackStandIn.start({ botToken: 'xoxb-load-bot-token', appToken: 'xapp-unused' });

// Only stand-in endpoints and tokens: whatever real tokens the environment holds are never used here.
const config: Config = loadConfig({
  TRANSCRIPTS_DIR: dir,
  // info, so reload lines can be read; only warnings and errors are printed unless LOG_LEVEL is set.
  LOG_LEVEL: env.LOG_LEVEL ?? 'info',
  ...(env.QUOTEBOT_COOLDOWN_SECONDS ? { QUOTEBOT_COOLDOWN_SECONDS: env.QUOTEBOT_COOLDOWN_SECONDS } : {}),
  DISCORD_TOKEN: discordStandIn.token,
  DISCORD_API_BASE: discordStandIn.apiBase,
  SLACK_BOT_TOKEN: slackStandIn.botToken,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: slackStandIn.apiUrl,
  SLACK_PORT: '0',
});
let loggedErrors = 0;
/** Hot reloads seen in the log: outcome and milliseconds. */
const reloads: Array<{ msg: string; ms: number }> = [];
const logger = createLogger(config, {
  destination: {
    write(line: string) {
      if (/"level":(50|60)/.test(line)) loggedErrors++;
      if (line.includes('"msg":"reload: ')) {
        try {
          const entry = JSON.parse(line) as { msg: string; ms?: number };
          reloads.push({ msg: entry.msg, ms: entry.ms ?? NaN });
        } catch {
          // not one JSON line: ignore
        }
      }
      if (env.LOG_LEVEL || /"level":(40|50|60)/.test(line)) process.stderr.write(line);
    },
  },
});

const t0Start = now();
// The product's startup (src/main.ts startBot): service, adapters, then the folder watcher.
let service: Awaited<ReturnType<typeof prepareService>>;
let discordAdapter: Awaited<ReturnType<typeof startDiscord>>;
let slackAdapter: Awaited<ReturnType<typeof startSlack>>;
try {
  service = await prepareService(config, logger);
  discordAdapter = await startDiscord(service.bot, config, logger);
  slackAdapter = await startSlack(service.bot, config, logger, { host: '127.0.0.1' });
  await service.reloader.start();
} catch (error) {
  // One line (a StartupError says what to fix), never a stack trace.
  console.error(`load: the bot could not start: ${(error as Error)?.message ?? String(error)}`);
  await Promise.allSettled([discordStandIn.stop(), slackStandIn.stop()]);
  process.exit(2);
}
const { bot, reloader } = service;
const startupMs = now() - t0Start;
const eventsUrl = `http://127.0.0.1:${slackAdapter.port}/slack/events`;
const cooldownMs = config.cooldownSeconds * 1000;

const perPlatformRate = RATE / 2;
const USERS = flags.users ? Math.round(positive('users', flags.users, 1e6)) : Math.max(100, Math.ceil(perPlatformRate * (config.cooldownSeconds + 1) * 4));
const transcripts = bot.index.corpus.transcripts.length;
if (transcripts === 0) {
  console.error(`no transcripts in ${sourceDir}: nothing to load-test`);
  process.exit(2);
}

/** Topics people would ask about: frequent corpus terms, so most queries find quotes. */
const topics: string[] = [];
for (const prefix of 'abcdefghijklmnoprstuvw') topics.push(...bot.index.suggest(prefix, 6));
if (topics.length === 0) topics.push('the');
const topic = (i: number): string => topics[(i * 7919) % topics.length]!;

// ------------------------------------------------------------------------------------------------ users

class Users {
  private next = 0;
  readonly lastSent = new Map<string, number>();
  constructor(private readonly ids: string[]) {}
  /** The next user (round robin) whose cooldown has passed, or undefined when none is free. */
  take(): string | undefined {
    for (let tries = 0; tries < this.ids.length; tries++) {
      const id = this.ids[this.next++ % this.ids.length]!;
      if (this.free(id)) return id;
    }
    return undefined;
  }
  free(id: string): boolean {
    const last = this.lastSent.get(id);
    return last === undefined || now() - last > cooldownMs + 500;
  }
  mark(id: string): void {
    this.lastSent.set(id, now());
  }
}
const discordUsers = new Users(Array.from({ length: USERS }, (_, i) => String(300_000_000_000_000_000n + BigInt(i))));
const slackUsers = new Users(Array.from({ length: USERS }, (_, i) => `U0LOAD${String(i).padStart(5, '0')}`));

/** "More" buttons of answers given so far, waiting to be clicked by their owner. */
const discordButtons: Array<{ user: string; customId: string }> = [];
const slackButtons: Array<{ user: string; value: string; actionId: string }> = [];
function takeButton<T extends { user: string }>(queue: T[], users: Users): T | undefined {
  const i = queue.findIndex((b) => users.free(b.user));
  return i < 0 ? undefined : queue.splice(i, 1)[0];
}

// ------------------------------------------------------------------------------------------------ Discord

const byInteraction = new Map<string, Sent>();
const byToken = new Map<string, Sent>();
const byMention = new Map<string, Sent>();
const ownerOf = new Map<Sent, string>();
const seenDiscord = new WeakSet<RecordedRequest>();
let discordCursor = 0;

function discordText(data: any): string {
  return [data?.content ?? '', ...(data?.embeds ?? []).map((e: any) => `${e.title ?? ''} ${e.description ?? ''} ${e.footer?.text ?? ''}`)].join(' ');
}

function rememberDiscordButton(rec: Sent, data: any): void {
  const more = (data?.components ?? []).flatMap((r: any) => r.components ?? []).find((b: any) => String(b.custom_id).startsWith('more|'));
  if (more) discordButtons.push({ user: ownerOf.get(rec) ?? rec.user, customId: more.custom_id });
}

/** Processes every request the Discord stand-in has answered since the last call. */
function onDiscord(): false {
  const requests = discordStandIn.requests;
  for (let i = discordCursor; i < requests.length; i++) {
    const r = requests[i]!;
    if (r.status === 0 || seenDiscord.has(r)) continue;
    seenDiscord.add(r);
    if (r.route === 'POST /interactions/:id/:token/callback') {
      const rec = byInteraction.get(r.params.id!);
      if (!rec) continue;
      rec.ackAt ??= now();
      if (r.status >= 400) rec.error ??= `callback HTTP ${r.status}`;
      else if (r.body?.type === 4 || r.body?.type === 7) {
        answered(rec, discordText(r.body.data));
        rememberDiscordButton(rec, r.body.data);
      }
    } else if (r.route === 'PATCH /webhooks/:app/:token/messages/@original') {
      const rec = byToken.get(r.params.token!);
      if (!rec) continue;
      if (r.status >= 400) rec.error ??= `edit HTTP ${r.status}`;
      answered(rec, discordText(r.body));
      rememberDiscordButton(rec, r.body);
    } else if (r.route === 'POST /channels/:channel/messages') {
      const rec = byMention.get(String(r.body?.message_reference?.message_id));
      if (!rec) continue;
      if (r.status >= 400) rec.error ??= `message HTTP ${r.status}`;
      answered(rec, discordText(r.body));
    }
  }
  while (discordCursor < requests.length && seenDiscord.has(requests[discordCursor]!)) discordCursor++;
  return false;
}
discordStandIn.waitUntil(onDiscord, (SECONDS + DRAIN_MS / 1000 + 3600) * 1000).catch(() => undefined);

function discordRequest(i: number, kind: Kind): void {
  if (kind === 'button') {
    const button = takeButton(discordButtons, discordUsers);
    if (button) {
      discordUsers.mark(button.user);
      const message = {
        id: snowflake(), channel_id: discordStandIn.guilds[0]!.channelId, author: discordStandIn.botUser, content: '', timestamp: new Date().toISOString(),
        edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], components: [],
        pinned: false, type: 20, flags: 64,
      };
      const interaction = discordStandIn.button(button.customId, message, { userId: button.user });
      const rec: Sent = { platform: 'discord', kind, what: 'more', user: button.user, t0: now() };
      sent.push(rec);
      byInteraction.set(interaction.id, rec);
      byToken.set(interaction.token, rec);
      ownerOf.set(rec, button.user);
      discordStandIn.injectInteraction(interaction);
      return;
    }
    kind = 'slash';
  }
  const user = discordUsers.take();
  if (!user) return void sent.push({ platform: 'discord', kind, what: '-', user: '', t0: now(), error: 'no free simulated user (raise --users)' });
  discordUsers.mark(user);
  if (kind === 'mention') {
    const rec: Sent = { platform: 'discord', kind, what: 'quote', user, t0: now() };
    sent.push(rec);
    const message = discordStandIn.injectMention(`what is said about ${topic(i)}?`, { userId: user });
    byMention.set(message.id, rec);
    return;
  }
  const roll = i % 10;
  const interaction =
    roll === 0 ? discordStandIn.slashCommand('timeline', { topic: topic(i) }, { userId: user })
    : roll === 1 ? discordStandIn.slashCommand('random', {}, { userId: user })
    : discordStandIn.slashCommand('quote', { topic: topic(i) }, { userId: user });
  const rec: Sent = { platform: 'discord', kind: 'slash', what: roll === 0 ? 'timeline' : roll === 1 ? 'random' : 'quote', user, t0: now() };
  sent.push(rec);
  byInteraction.set(interaction.id, rec);
  byToken.set(interaction.token, rec);
  discordStandIn.injectInteraction(interaction);
}

// ------------------------------------------------------------------------------------------------ Slack

const byResponse = new Map<string, Sent>();
const byThread = new Map<string, Sent>();
let slackResponseCursor = 0;
let slackCallCursor = 0;

function slackText(body: any): string {
  return `${body?.text ?? ''} ${JSON.stringify(body?.blocks ?? [])}`;
}

function onSlack(): false {
  const responses = slackStandIn.responses;
  for (; slackResponseCursor < responses.length; slackResponseCursor++) {
    const r = responses[slackResponseCursor]!;
    const rec = byResponse.get(r.id);
    if (!rec) continue;
    answered(rec, slackText(r.body));
    const more = buttonsOf(r.body).find((b) => b.action_id === 'quotebot_more');
    if (more) slackButtons.push({ user: rec.user, value: more.value, actionId: more.action_id });
  }
  const calls = slackStandIn.calls;
  for (; slackCallCursor < calls.length; slackCallCursor++) {
    const c = calls[slackCallCursor]!;
    if (c.method !== 'chat.postMessage' && c.method !== 'chat.postEphemeral') continue;
    const rec = byThread.get(String(c.params.thread_ts));
    if (!rec) continue;
    if (c.status !== 200) rec.error ??= `${c.method} HTTP ${c.status}`;
    answered(rec, slackText(c.params));
  }
  return false;
}
void slackStandIn.waitFor(onSlack);

let mentionSeq = 0;
function slackRequest(i: number, kind: Kind): void {
  let user: string | undefined;
  let body: { form: Record<string, string> } | { json: unknown };
  let rec: Sent;
  if (kind === 'button') {
    const button = takeButton(slackButtons, slackUsers);
    if (button) {
      user = button.user;
      const response = slackStandIn.newResponseUrl();
      body = { form: { payload: JSON.stringify(blockActionPayload({ actionId: button.actionId, value: button.value, user, responseUrl: response.url })) } };
      rec = { platform: 'slack', kind, what: 'more', user, t0: 0 };
      byResponse.set(response.id, rec);
    } else kind = 'slash';
  }
  if (kind !== 'button') {
    user = slackUsers.take();
    if (!user) return void sent.push({ platform: 'slack', kind, what: '-', user: '', t0: now(), error: 'no free simulated user (raise --users)' });
    if (kind === 'mention') {
      const ts = `${1_800_000_000 + i}.${String(++mentionSeq).padStart(6, '0')}`;
      body = { json: appMentionPayload({ text: `<@${slackStandIn.botUserId}> ${topic(i)}`, user, ts, botUserId: slackStandIn.botUserId }) };
      rec = { platform: 'slack', kind, what: 'quote', user, t0: 0 };
      byThread.set(ts, rec);
    } else {
      const response = slackStandIn.newResponseUrl();
      const roll = i % 10;
      const text = roll === 0 ? `timeline ${topic(i)}` : roll === 1 ? 'random' : topic(i);
      body = { form: slashCommandPayload({ text, user, responseUrl: response.url }) };
      rec = { platform: 'slack', kind: 'slash', what: roll === 0 ? 'timeline' : roll === 1 ? 'random' : 'quote', user, t0: 0 };
      byResponse.set(response.id, rec);
    }
  }
  slackUsers.mark(user!);
  rec!.t0 = now();
  sent.push(rec!);
  signedRequest(eventsUrl, body!, { secret: SIGNING_SECRET }).then(
    (res) => {
      if (kind !== 'mention') rec.ackAt = now();
      if (res.status !== 200) rec.error ??= `ack HTTP ${res.status}`;
    },
    (error: unknown) => {
      rec.error ??= `request failed: ${(error as Error).message}`;
    },
  );
}

// ------------------------------------------------------------------------------------------------ run

/** The mix, per 20 requests: Discord 6 slash, 2 mention, 2 button; Slack 6 slash, 2 mention, 2 button. */
const MIX: Array<[Platform, Kind]> = [
  ['discord', 'slash'], ['slack', 'slash'], ['discord', 'slash'], ['slack', 'slash'], ['discord', 'mention'],
  ['slack', 'mention'], ['discord', 'button'], ['slack', 'button'], ['discord', 'slash'], ['slack', 'slash'],
  ['discord', 'slash'], ['slack', 'slash'], ['discord', 'slash'], ['slack', 'slash'], ['discord', 'mention'],
  ['slack', 'mention'], ['discord', 'button'], ['slack', 'button'], ['discord', 'slash'], ['slack', 'slash'],
];

console.error(
  `load: ${TOTAL} requests at ${RATE}/s for ${SECONDS} s against ${transcripts} transcripts (${sourceDir}); ` +
    `${USERS} simulated users per platform, cooldown ${config.cooldownSeconds} s`,
);
/** Sends `count` requests at RATE from request number `first` on; returns when the last is sent. */
async function drive(first: number, count: number, label: string): Promise<{ start: number; end: number; lagMax: number }> {
  const begin = now();
  let lag = 0;
  for (let n = 0; n < count; n++) {
    const i = first + n;
    const due = begin + (n * 1000) / RATE;
    const wait = due - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    lag = Math.max(lag, now() - due);
    const [platform, kind] = MIX[i % MIX.length]!;
    try {
      if (platform === 'discord') discordRequest(i, kind);
      else slackRequest(i, kind);
    } catch (error) {
      sent.push({ platform, kind, what: '-', user: '', t0: now(), error: `could not send: ${(error as Error).message}` });
    }
    if (n > 0 && n % Math.round(RATE * 10) === 0) {
      const done = sent.filter((s) => s.answerAt !== undefined).length;
      console.error(`load: ${label} ${Math.round((now() - begin) / 1000)} s, sent ${sent.length}, answered ${done}`);
    }
  }
  return { start: begin, end: now(), lagMax: lag };
}

/** Waits until every request so far is answered or failed, or `ms` have passed. */
async function drain(ms: number): Promise<void> {
  const from = now();
  while (now() - from < ms && sent.some((s) => s.answerAt === undefined && !s.error)) await new Promise((r) => setTimeout(r, 100));
}

const loadBefore = loadavg()[0]!;
let warmup: Sent[] = [];
if (WARMUP > 0) {
  await drive(0, WARMUP, 'warm-up');
  await drain(DRAIN_MS);
  warmup = sent.splice(0, sent.length);
}
reloads.length = 0;
let rebuildTimer: NodeJS.Timeout | undefined;
let rebuilds = 0;
if (REBUILD_MS) {
  rebuildTimer = setInterval(() => {
    const n = ++rebuilds;
    const srt = ['1', '00:00:01,000 --> 00:00:05,000', `Load test transcript number ${n}, written while requests keep coming.`, ''].join('\n');
    void writeFile(join(dir, `load-rebuild-${n}.srt`), srt).then(() => rm(join(dir, `load-rebuild-${n - 1}.srt`), { force: true }));
  }, REBUILD_MS);
}
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const { start, end: sendEnd, lagMax } = await drive(WARMUP, TOTAL, 'measured');
loopDelay.disable();
clearInterval(rebuildTimer);
await drain(DRAIN_MS);
const loadAfter = loadavg()[0]!;

// ------------------------------------------------------------------------------------------------ report

const pct = (sorted: number[], q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);
const fmt = (ms: number): string => (Number.isFinite(ms) ? `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms` : 'n/a');
const share = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(n === d ? 0 : 2)}%` : 'n/a');

const answeredAll = sent.filter((s) => s.answerAt !== undefined);
const errors = sent.filter((s) => s.error);
const cooldowns = sent.filter((s) => s.cooldown);
const latencies = answeredAll.map((s) => s.answerAt! - s.t0).sort((a, b) => a - b);

function row(label: string, group: Sent[]): string {
  const lat = group.filter((s) => s.answerAt !== undefined).map((s) => s.answerAt! - s.t0).sort((a, b) => a - b);
  const withDeadline = group.filter((s) => s.kind !== 'mention');
  const acked = withDeadline.filter((s) => s.ackAt !== undefined && s.ackAt - s.t0 <= DEADLINE_MS).length;
  const fast = group.filter((s) => s.answerAt !== undefined && s.answerAt - s.t0 <= DEADLINE_MS).length;
  return `| ${label} | ${group.length} | ${group.filter((s) => s.answerAt !== undefined).length} | ${group.filter((s) => s.error).length} | ${fmt(pct(lat, 0.5))} | ${fmt(pct(lat, 0.99))} | ${fmt(lat.at(-1) ?? NaN)} | ${withDeadline.length ? share(acked, withDeadline.length) : '-'} | ${share(fast, group.length)} |`;
}

const table = [
  '| traffic | sent | answered | errors | p50 | p99 | max | ack within 3 s | answer within 3 s |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  row('**all**', sent),
  ...(['discord', 'slack'] as const).flatMap((p) =>
    (['slash', 'mention', 'button'] as const).map((k) => row(`${p} ${k}`, sent.filter((s) => s.platform === p && s.kind === k))),
  ),
];
const byCommand = [
  '| command | answered | p50 | p99 | max |',
  '|---|---:|---:|---:|---:|',
  ...['quote', 'timeline', 'random', 'more'].map((what) => {
    const lat = sent.filter((s) => s.what === what && s.answerAt !== undefined).map((s) => s.answerAt! - s.t0).sort((a, b) => a - b);
    return `| ${what} | ${lat.length} | ${fmt(pct(lat, 0.5))} | ${fmt(pct(lat, 0.99))} | ${fmt(lat.at(-1) ?? NaN)} |`;
  }),
];
// Latency over time, in tenths of the run: shows warm-up and any drift.
const tenths = Array.from({ length: 10 }, (_, k) => {
  const from = start + (k * (sendEnd - start)) / 10;
  const to = start + ((k + 1) * (sendEnd - start)) / 10;
  const lat = sent.filter((s) => s.t0 >= from && s.t0 < to && s.answerAt !== undefined).map((s) => s.answerAt! - s.t0).sort((a, b) => a - b);
  return fmt(pct(lat, 0.99));
});
const p99 = pct(latencies, 0.99);
function reloadLine(): string {
  const swaps = reloads.filter((r) => / transcripts live /.test(r.msg));
  const ms = swaps.map((r) => r.ms).filter(Number.isFinite).sort((a, b) => a - b);
  if (!REBUILD_MS) return `Hot reload: watching the folder (no changes during the run; ${reloads.length} reloads logged).`;
  return `Hot reload under load: a new transcript every ${REBUILD_MS / 1000} s (${rebuilds} written), ${swaps.length} index swaps, reload time (read, build in a worker thread, decode) median ${fmt(pct(ms, 0.5))}, max ${fmt(ms.at(-1) ?? NaN)}.`;
}
function warmupLine(): string {
  if (!warmup.length) return 'No warm-up: the figures include the first requests after start.';
  const lat = warmup.filter((s) => s.answerAt !== undefined).map((s) => s.answerAt! - s.t0).sort((a, b) => a - b);
  return `Warm-up before the measured run (not in the figures): ${warmup.length} requests at the same rate and mix, answered ${lat.length}, errors ${warmup.filter((s) => s.error).length}, p50 ${fmt(pct(lat, 0.5))}, p99 ${fmt(pct(lat, 0.99))}, max ${fmt(lat.at(-1) ?? NaN)}.`;
}
const verdict =
  answeredAll.length === sent.length && errors.length === 0 && p99 < 500
    ? 'meets the target (100% answered, 0 errors, p99 < 500 ms)'
    : 'MISSES the target (100% answered, 0 errors, p99 < 500 ms)';
const machine = `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}`;
const command = `npm run load -- --seconds ${SECONDS} --rate ${RATE}${flags.dir ? ` --dir ${flags.dir}` : ''}${REBUILD_MS ? ` --rebuild-every ${REBUILD_MS / 1000}` : ''}${flags.users ? ` --users ${flags.users}` : ''}${flags['warmup-seconds'] !== '5' ? ` --warmup-seconds ${flags['warmup-seconds']}` : ''}`;
const summary = [
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}.`,
  `Command: \`${command}\`. Corpus: ${transcripts} transcripts (${flags.dir ? flags.dir : 'TRANSCRIPTS_DIR / ./transcripts'}); startup (load, index, adapters, watcher) ${fmt(startupMs)}.`,
  `Sent ${sent.length} requests (${RATE}/s for ${SECONDS} s, open loop; sender lag max ${fmt(lagMax)}); answered ${answeredAll.length} (${share(answeredAll.length, sent.length)}), errors ${errors.length}, ` +
    `error log lines ${loggedErrors}, cooldown notices ${cooldowns.length}; latency p50 ${fmt(pct(latencies, 0.5))}, p90 ${fmt(pct(latencies, 0.9))}, p99 ${fmt(p99)}, max ${fmt(latencies.at(-1) ?? NaN)}: **${verdict}**.`,
  `p99 per tenth of the run: ${tenths.join(', ')}. Event-loop delay (bot, stand-ins and generator share the loop): p99 ${fmt(loopDelay.percentile(99) / 1e6)}, max ${fmt(loopDelay.max / 1e6)}.`,
  warmupLine(),
  reloadLine(),
  `Machine load average (1 min) ${loadBefore.toFixed(2)} before and ${loadAfter.toFixed(2)} after the run (other work on the machine shows up here).`,
  `Users: ${USERS} simulated users per platform, each asking at most once per ${config.cooldownSeconds} s cooldown (the product's default stays on), so the run measures serving, not rate limiting.`,
];

console.log(['', ...summary, '', ...table, '', ...byCommand, ''].join('\n'));
for (const e of errors.slice(0, 10)) console.log(`error: ${e.platform} ${e.kind} user ${e.user}: ${e.error}`);
const unanswered = sent.filter((s) => s.answerAt === undefined && !s.error);
if (unanswered.length) console.log(`unanswered after ${DRAIN_MS / 1000} s drain: ${unanswered.length}`);

if (!flags['no-write']) {
  await writeLoadSection(`${flags.dir ?? 'default transcripts folder'}, ${RATE}/s for ${SECONDS} s${REBUILD_MS ? `, rebuild every ${REBUILD_MS / 1000} s` : ''}`, [...summary.map((s) => `- ${s}`), '', ...table, '', ...byCommand]);
  console.error(`load: wrote the "Load" section of ${BENCHMARKS}`);
}

/**
 * Writes one run into the "## Load" section of docs/benchmarks.md: an intro, then one "### <key>" block per
 * corpus and rate (a new run replaces the block with the same key, other blocks and sections stay).
 */
async function writeLoadSection(key: string, lines: string[]): Promise<void> {
  const intro = [
    '## Load',
    '',
    'How the bot holds up under chat traffic: `npm run load` (`scripts/load.ts`) drives the real startup path',
    '(`prepareService`, `startDiscord`, `startSlack`, then the folder watcher, configured by `loadConfig`) through the local Discord and Slack',
    'stand-ins of the adapter tests (loopback only), at a fixed rate, open loop, with a mix of slash commands,',
    'mentions and "More" button clicks on both platforms. Latency is request sent -> answer received at the',
    'stand-in. "Ack within 3 s" is the platform deadline (Discord: interaction callback; Slack: HTTP ack).',
    'Bot, stand-ins and load generator share one Node process, so these are upper bounds. The machine is shared',
    '(other tests and benchmarks may run alongside: see the load average line of each run).',
    '',
  ].join('\n');
  await mkdir(dirname(BENCHMARKS), { recursive: true });
  let doc: string;
  try {
    doc = await readFile(BENCHMARKS, 'utf8');
  } catch {
    doc = '# Benchmarks\n';
  }
  // Split off the Load section (up to the next "## " heading).
  const at = doc.search(/^## Load[ \t]*$/m);
  let before = doc;
  let after = '';
  let body = '';
  if (at >= 0) {
    before = doc.slice(0, at);
    const rest = doc.slice(at).replace(/^## Load[ \t]*\n/, '');
    const next = rest.search(/^## /m);
    body = next < 0 ? rest : rest.slice(0, next);
    after = next < 0 ? '' : rest.slice(next);
  }
  // Keep the other runs' blocks.
  const blocks = new Map<string, string>();
  for (const part of body.split(/^(?=### )/m)) {
    const m = /^### (.+)\n/.exec(part);
    if (m) blocks.set(m[1]!.trim(), part.trimEnd());
  }
  blocks.set(key, [`### ${key}`, '', ...lines].join('\n').trimEnd());
  const section = `${intro}\n${[...blocks.values()].join('\n\n')}\n`;
  const out = `${before.trimEnd()}\n\n${section}${after ? `\n${after}` : ''}`;
  await writeFile(BENCHMARKS, out.endsWith('\n') ? out : `${out}\n`);
}

await reloader.stop();
await Promise.allSettled([discordAdapter.stop(), slackAdapter.stop()]);
if (REBUILD_MS) await rm(dir, { recursive: true, force: true });
await Promise.allSettled([discordStandIn.stop(), slackStandIn.stop()]);
process.exit(answeredAll.length === sent.length && errors.length === 0 ? 0 : 1);
