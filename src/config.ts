/**
 * Configuration from environment variables: every variable quotebot reads, in one place.
 *
 * `loadConfig()` reads `process.env` (main and the CLI load `.env` with dotenv before calling it) and
 * validates everything at once: a {@link ConfigError} lists one clear line per problem, so a bad
 * deployment is fixed in one round.
 *
 * @example
 * const config = loadConfig({ TRANSCRIPTS_DIR: './transcripts', DISCORD_TOKEN: '...' });
 * config.discord?.token; config.cooldownSeconds === 3
 */
import { isAbsolute, resolve } from 'node:path';
import { parseEvery } from './ingest/every.ts';

/** The pino level names quotebot accepts in `LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Discord settings; present when `DISCORD_TOKEN` is set. */
export interface DiscordConfig {
  /** Bot token (`DISCORD_TOKEN`). Secret: redacted from logs. */
  token: string;
  /** Guild (server) for instant guild-scoped command registration (`DISCORD_GUILD_ID`); global when absent. */
  guildId?: string;
  /** Application id (`DISCORD_APPLICATION_ID`); discovered from the token at login when absent. */
  applicationId?: string;
  /** REST API base for tests against a local stand-in (`DISCORD_API_BASE`), passed as discord.js `rest: { api }`. */
  apiBase?: string;
  /** Shard count of `quotebot shard` (`DISCORD_SHARDS`): a number, or `auto` (Discord's recommendation). Default `auto`. */
  shards?: number | 'auto';
  /** Where `quotebot shard` keeps the index (`DISCORD_SHARD_INDEX`): `manager` (one, shared over IPC) or `shard` (one per shard). Default `manager`. */
  shardIndex?: ShardIndexMode;
}

/** Where the shards' index lives under `quotebot shard` (see `src/app/shard.ts`). */
export type ShardIndexMode = 'manager' | 'shard';

/** Slack settings; present when `SLACK_BOT_TOKEN` is set. */
export interface SlackConfig {
  /** Bot token `xoxb-...` (`SLACK_BOT_TOKEN`). Secret. */
  botToken: string;
  /** App-level token `xapp-...` for Socket Mode (`SLACK_APP_TOKEN`); HTTP mode when absent. Secret. */
  appToken?: string;
  /** Signing secret for HTTP mode (`SLACK_SIGNING_SECRET`). Secret. */
  signingSecret?: string;
  /** HTTP port in HTTP mode (`SLACK_PORT`). Default 3000. */
  port: number;
  /** Web API base URL for tests against a local stand-in (`SLACK_API_URL`), e.g. `http://127.0.0.1:4000/api/`. */
  apiUrl?: string;
}

/** Where the bot keeps settings, questions and votes. */
export interface DatabaseConfig {
  /** False when QUOTEBOT_DB=off: no settings, feedback or report; quoting works as always. */
  enabled: boolean;
  /** SQLite file, absolute (QUOTEBOT_DB). Default `<cwd>/.data/quotebot.db`. */
  file: string;
  /** PostgreSQL URL (DATABASE_URL), e.g. `postgres://quotebot:pw@db.internal:5432/quotebot`. */
  url?: string;
  /**
   * Key of the user hash (QUOTEBOT_SECRET). Required with DATABASE_URL (every replica needs the same one);
   * with SQLite, when unset, a random one is created once in `<db folder>/quotebot.secret`.
   */
  secret?: string;
  /** Days questions and votes are kept (LOG_DAYS). Default 90. */
  logDays: number;
}

/** Everything quotebot is configured with. */
export interface Config {
  /** Folder of transcript files, absolute (`TRANSCRIPTS_DIR`). Default `./transcripts` of the working directory. */
  transcriptsDir: string;
  /** pino level (`LOG_LEVEL`). Default `info`. */
  logLevel: LogLevel;
  /** True when `LOG_LEVEL` was set explicitly (the console chat is quieter by default otherwise). */
  logLevelExplicit: boolean;
  /** Seconds between two queries of one user (`QUOTEBOT_COOLDOWN_SECONDS`). Default 3; 0 disables. */
  cooldownSeconds: number;
  /** Slack user ids allowed to run admin commands such as `reload` (`QUOTEBOT_ADMINS`, comma-separated). */
  admins: string[];
  /**
   * Folder of the index cache (`QUOTEBOT_CACHE_DIR`), or false when disabled (`off`, `false`, `0`, `none`,
   * `no`). Default `.cache` (relative to the working directory). @example '/var/cache/quotebot'
   */
  cacheDir: string | false;
  /**
   * How quotes are shown (`QUOTE_STYLE`): `clean` verbatim (default: the speaker's fillers such as "uh"/"um"
   * and immediate repeats of one to three words left out, nothing else changed) or `exact` transcript text.
   * @example 'exact'
   */
  quoteStyle: 'clean' | 'exact';
  /** Caption languages `quotebot add` fetches, in order of preference (`CAPTION_LANGS`, comma-separated). Default `['en']`. */
  captionLangs: string[];
  /** How often the running bot updates the followed sources, in ms (`UPDATE_EVERY`, e.g. `6h`). Absent: off (the default). */
  updateEveryMs?: number;
  /** Where to look for yt-dlp: `YT_DLP` (a path or a command name) and the `PATH` it is searched on. */
  ytDlpEnv: { YT_DLP?: string; PATH?: string };
  discord?: DiscordConfig;
  slack?: SlackConfig;
  /**
   * Where the serving bot writes its health (each platform's connection state) for `quotebot health`
   * (`QUOTEBOT_HEALTH_FILE`), absolute. Default `.quotebot-health.json` in the working directory.
   */
  healthFile: string;
  /**
   * The database (settings, question log, votes). `off` when QUOTEBOT_DB=off; else PostgreSQL when
   * DATABASE_URL is set, otherwise SQLite in `file` (QUOTEBOT_DB, default `.data/quotebot.db`).
   */
  database: DatabaseConfig;
  /** Every secret value configured (tokens, signing secret): the logger scrubs these from every line. */
  secrets: string[];
  /** Non-fatal oddities (e.g. a Slack token without its usual prefix), one line each. */
  warnings: string[];
}

/** Thrown by {@link loadConfig} with one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** One line per variable: name, default and what it does (for `quotebot help` and docs). */
export const ENV_VARS: Array<{ name: string; description: string }> = [
  { name: 'TRANSCRIPTS_DIR', description: 'Folder of transcript files, read recursively (default ./transcripts).' },
  { name: 'DISCORD_TOKEN', description: 'Discord bot token; when set, the bot serves Discord.' },
  { name: 'DISCORD_GUILD_ID', description: 'Discord server id for instant guild-scoped command registration (optional).' },
  { name: 'DISCORD_APPLICATION_ID', description: 'Discord application id (optional; read from the token at login).' },
  { name: 'DISCORD_API_BASE', description: 'Testing knob: Discord REST base URL of a local stand-in.' },
  { name: 'DISCORD_SHARDS', description: 'Shard count for `quotebot shard`: a number, or auto (default auto).' },
  { name: 'DISCORD_SHARD_INDEX', description: 'Where `quotebot shard` keeps the index: manager (one, shared over IPC; default) or shard (one per shard).' },
  { name: 'SLACK_BOT_TOKEN', description: 'Slack bot token (xoxb-...); when set, the bot serves Slack.' },
  { name: 'SLACK_APP_TOKEN', description: 'Slack app-level token (xapp-...) for Socket Mode; HTTP mode when unset.' },
  { name: 'SLACK_SIGNING_SECRET', description: 'Slack signing secret (required in HTTP mode).' },
  { name: 'SLACK_PORT', description: 'HTTP port for Slack events in HTTP mode (default 3000).' },
  { name: 'SLACK_API_URL', description: 'Testing knob: Slack Web API base URL of a local stand-in.' },
  { name: 'QUOTEBOT_ADMINS', description: 'Comma-separated Slack user ids allowed to run admin commands (reload).' },
  { name: 'QUOTEBOT_COOLDOWN_SECONDS', description: 'Seconds between two queries of one user (default 3; 0 = off).' },
  { name: 'QUOTEBOT_CACHE_DIR', description: 'Folder of the index cache (default .cache; off disables): fast restarts over an unchanged folder.' },
  { name: 'QUOTEBOT_HEALTH_FILE', description: 'Where the running bot writes its health for `quotebot health` (default .quotebot-health.json).' },
  { name: 'QUOTE_STYLE', description: 'clean (default: fillers such as uh/um and immediate repeats left out) or exact (the transcript text as is).' },
  { name: 'YT_DLP', description: 'Path of the yt-dlp executable for quotebot add/update (default: yt-dlp on PATH).' },
  { name: 'CAPTION_LANGS', description: 'Caption languages quotebot add fetches, comma-separated, in order of preference (default en).' },
  { name: 'UPDATE_EVERY', description: 'How often the running bot fetches new videos of the followed sources, e.g. 6h, 30m, 1d (default off).' },
  { name: 'QUOTEBOT_DB', description: 'SQLite file for settings, questions and votes (default .data/quotebot.db; off disables).' },
  { name: 'DATABASE_URL', description: 'postgres://user:password@host:port/db: use PostgreSQL instead (several machines).' },
  { name: 'QUOTEBOT_SECRET', description: 'Key that hashes user ids before storing them (required with DATABASE_URL).' },
  { name: 'LOG_DAYS', description: 'Days questions and votes are kept (default 90).' },
  { name: 'LOG_LEVEL', description: 'fatal|error|warn|info|debug|trace|silent (default info; console chat: warn).' },
];

type Env = Record<string, string | undefined>;

/** What the readers of one section share: the trimmed variable, and where problems and warnings go. */
interface Reader {
  get(name: string): string | undefined;
  /** An http(s) URL variable, or undefined (a problem when set but not a URL). */
  url(name: string): string | undefined;
  problems: string[];
  warnings: string[];
  secrets: string[];
  /**
   * A setting's value for an error message, or a description of it when it might be a secret pasted into
   * the wrong variable (a token in DISCORD_GUILD_ID): long values, and values shaped like a token, are
   * never echoed.
   */
  shown(value: string): string;
}

const SECRET_VARIABLES = ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'];

function tokenLike(value: string, secretsGiven: string[]): boolean {
  return (
    value.length > 40 ||
    /^(xox[a-z]-|xapp-)/i.test(value) ||
    /[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{10,}/.test(value) ||
    (/^[A-Za-z0-9_.-]{20,}$/.test(value) && /[A-Za-z]/.test(value) && /\d/.test(value)) ||
    secretsGiven.some((s) => s.length >= 6 && value.includes(s))
  );
}

function reader(env: Env): Reader {
  const r: Reader = {
    get: (name) => {
      const value = env[name]?.trim();
      return value ? value : undefined;
    },
    url: (name) => {
      const value = r.get(name);
      if (value === undefined) return undefined;
      try {
        const parsed = new URL(value);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
        return value;
      } catch {
        r.problems.push(`${name}=${r.shown(value)} is not an http(s) URL.`);
        return undefined;
      }
    },
    problems: [],
    warnings: [],
    secrets: [],
    shown: (value) => {
      const given = SECRET_VARIABLES.map((name) => r.get(name)).filter((v): v is string => v !== undefined);
      return tokenLike(value, given) ? `(a ${value.length}-character value, not shown in case it is a secret)` : `"${value}"`;
    },
  };
  return r;
}

function readLogLevel(r: Reader): { logLevel: LogLevel; logLevelExplicit: boolean } {
  const levelRaw = r.get('LOG_LEVEL')?.toLowerCase();
  if (levelRaw === undefined) return { logLevel: 'info', logLevelExplicit: false };
  if ((LOG_LEVELS as readonly string[]).includes(levelRaw)) return { logLevel: levelRaw as LogLevel, logLevelExplicit: true };
  r.problems.push(`LOG_LEVEL=${r.shown(levelRaw)} is not a log level; use one of ${LOG_LEVELS.join(', ')}.`);
  return { logLevel: 'info', logLevelExplicit: true };
}

function readCooldown(r: Reader): number {
  const cooldownRaw = r.get('QUOTEBOT_COOLDOWN_SECONDS');
  if (cooldownRaw === undefined) return 3;
  const n = Number(cooldownRaw);
  if (!Number.isFinite(n) || n < 0 || n > 86_400) {
    r.problems.push(`QUOTEBOT_COOLDOWN_SECONDS=${r.shown(cooldownRaw)} must be a number of seconds between 0 and 86400.`);
    return 3;
  }
  return n;
}

function readHealthFile(r: Reader, cwd: string): string {
  const health = r.get('QUOTEBOT_HEALTH_FILE') ?? '.quotebot-health.json';
  return isAbsolute(health) ? health : resolve(cwd, health);
}

function readQuoteStyle(r: Reader): Config['quoteStyle'] {
  const raw = r.get('QUOTE_STYLE')?.toLowerCase() ?? 'clean';
  if (raw === 'clean' || raw === 'exact') return raw;
  r.problems.push(`QUOTE_STYLE="${raw}" must be clean or exact.`);
  return 'clean';
}

function readCacheDir(r: Reader): string | false {
  const raw = r.get('QUOTEBOT_CACHE_DIR');
  if (raw === undefined) return '.cache';
  return /^(off|false|0|none|no)$/i.test(raw) ? false : raw;
}

/** `DISCORD_SHARDS` and `DISCORD_SHARD_INDEX` into `discord`. */
function readShards(r: Reader, discord: DiscordConfig): void {
  const shards = r.get('DISCORD_SHARDS');
  if (shards === 'auto') discord.shards = 'auto';
  else if (shards !== undefined) {
    const n = Number(shards);
    if (!Number.isInteger(n) || n < 1 || n > 10_000) r.problems.push(`DISCORD_SHARDS=${r.shown(shards)} must be a whole number of shards or "auto".`);
    else discord.shards = n;
  }
  const index = r.get('DISCORD_SHARD_INDEX');
  if (index === undefined) return;
  const mode = index.toLowerCase();
  if (mode === 'manager' || mode === 'shard') discord.shardIndex = mode;
  else r.problems.push(`DISCORD_SHARD_INDEX=${r.shown(index)} must be "manager" (one index shared by all shards) or "shard" (one index per shard).`);
}

function readDiscord(r: Reader): DiscordConfig | undefined {
  const token = r.get('DISCORD_TOKEN');
  if (!token) {
    for (const name of ['DISCORD_GUILD_ID', 'DISCORD_APPLICATION_ID', 'DISCORD_API_BASE']) {
      if (r.get(name)) r.warnings.push(`${name} is set but DISCORD_TOKEN is not, so Discord is off.`);
    }
    return undefined;
  }
  r.secrets.push(token);
  const discord: DiscordConfig = { token };
  const guildId = r.get('DISCORD_GUILD_ID');
  const applicationId = r.get('DISCORD_APPLICATION_ID');
  for (const [name, value] of [['DISCORD_GUILD_ID', guildId], ['DISCORD_APPLICATION_ID', applicationId]] as const) {
    if (value !== undefined && !/^\d{5,25}$/.test(value)) r.problems.push(`${name}=${r.shown(value)} must be a numeric Discord id (snowflake).`);
  }
  if (guildId) discord.guildId = guildId;
  if (applicationId) discord.applicationId = applicationId;
  const apiBase = r.url('DISCORD_API_BASE');
  if (apiBase) discord.apiBase = apiBase;
  readShards(r, discord);
  return discord;
}

function readSlackPort(r: Reader): number {
  const portRaw = r.get('SLACK_PORT');
  if (portRaw === undefined) return 3000;
  const n = Number(portRaw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    r.problems.push(`SLACK_PORT=${r.shown(portRaw)} must be a port number (0-65535).`);
    return 3000;
  }
  return n;
}

function readSlack(r: Reader): SlackConfig | undefined {
  const botToken = r.get('SLACK_BOT_TOKEN');
  const appToken = r.get('SLACK_APP_TOKEN');
  const signingSecret = r.get('SLACK_SIGNING_SECRET');
  for (const secret of [appToken, signingSecret]) if (secret) r.secrets.push(secret);
  const port = readSlackPort(r);
  if (!botToken) {
    if (appToken || signingSecret) r.warnings.push('SLACK_APP_TOKEN/SLACK_SIGNING_SECRET are set but SLACK_BOT_TOKEN is not, so Slack is off.');
    return undefined;
  }
  r.secrets.push(botToken);
  if (!botToken.startsWith('xoxb-')) r.warnings.push('SLACK_BOT_TOKEN does not start with "xoxb-"; is it the bot token?');
  if (appToken && !appToken.startsWith('xapp-')) r.warnings.push('SLACK_APP_TOKEN does not start with "xapp-"; is it the app-level token?');
  if (!appToken && !signingSecret) {
    r.problems.push('SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is.');
  }
  const slack: SlackConfig = { botToken, port };
  if (appToken) slack.appToken = appToken;
  if (signingSecret) slack.signingSecret = signingSecret;
  const apiUrl = r.url('SLACK_API_URL');
  if (apiUrl) slack.apiUrl = apiUrl;
  return slack;
}

/** `CAPTION_LANGS`, `UPDATE_EVERY` and where yt-dlp is (`YT_DLP`, `PATH`), for `quotebot add` and the schedule. */
function readIngest(r: Reader): Pick<Config, 'captionLangs' | 'updateEveryMs' | 'ytDlpEnv'> {
  const captionLangs = (r.get('CAPTION_LANGS') ?? 'en').split(',').map((s) => s.trim()).filter(Boolean);
  for (const lang of captionLangs) {
    if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/.test(lang)) r.problems.push(`CAPTION_LANGS has "${lang}", which is not a language code such as en, en-GB or pt-BR.`);
  }
  const out: Pick<Config, 'captionLangs' | 'updateEveryMs' | 'ytDlpEnv'> = { captionLangs: captionLangs.length ? captionLangs : ['en'], ytDlpEnv: {} };
  const everyRaw = r.get('UPDATE_EVERY');
  if (everyRaw !== undefined) {
    const parsed = parseEvery(everyRaw);
    if (typeof parsed === 'string') r.problems.push(`UPDATE_EVERY=${r.shown(everyRaw)} ${parsed}`);
    else if (parsed !== null) out.updateEveryMs = parsed;
  }
  const ytDlp = r.get('YT_DLP');
  const path = r.get('PATH');
  if (ytDlp) out.ytDlpEnv.YT_DLP = ytDlp;
  if (path) out.ytDlpEnv.PATH = path;
  return out;
}

/** Reads and validates the configuration. Throws {@link ConfigError} listing every problem. */
/** The database section: QUOTEBOT_DB, DATABASE_URL, QUOTEBOT_SECRET, LOG_DAYS. */
function readDatabase(r: Reader, cwd: string): DatabaseConfig {
  const dbRaw = r.get('QUOTEBOT_DB') ?? '.data/quotebot.db';
  const database: DatabaseConfig = { enabled: dbRaw.toLowerCase() !== 'off', file: isAbsolute(dbRaw) ? dbRaw : resolve(cwd, dbRaw), logDays: 90 };
  const databaseUrl = r.get('DATABASE_URL');
  if (databaseUrl) {
    r.secrets.push(databaseUrl);
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) r.problems.push('DATABASE_URL must start with postgres:// (e.g. postgres://quotebot:password@127.0.0.1:5432/quotebot).');
    else {
      database.url = databaseUrl;
      try {
        const password = decodeURIComponent(new URL(databaseUrl).password);
        if (password) r.secrets.push(password);
      } catch {
        r.problems.push('DATABASE_URL is not a valid URL.');
      }
    }
  }
  const secret = r.get('QUOTEBOT_SECRET');
  if (secret) {
    r.secrets.push(secret);
    database.secret = secret;
  } else if (database.url && database.enabled) {
    r.problems.push('DATABASE_URL is set but QUOTEBOT_SECRET is not: every replica must hash user ids with the same secret (e.g. openssl rand -hex 32).');
  }
  const logDaysRaw = r.get('LOG_DAYS');
  if (logDaysRaw !== undefined) {
    if (!/^\d{1,4}$/.test(logDaysRaw) || Number(logDaysRaw) < 1 || Number(logDaysRaw) > 3650) r.problems.push(`LOG_DAYS=${r.shown(logDaysRaw)} must be a number of days from 1 to 3650.`);
    else database.logDays = Number(logDaysRaw);
  }

  return database;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const r = reader(env);
  const dir = r.get('TRANSCRIPTS_DIR') ?? './transcripts';
  const config: Config = {
    transcriptsDir: isAbsolute(dir) ? dir : resolve(cwd, dir),
    ...readLogLevel(r),
    cooldownSeconds: readCooldown(r),
    admins: (r.get('QUOTEBOT_ADMINS') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    cacheDir: readCacheDir(r),
    healthFile: readHealthFile(r, cwd),
    quoteStyle: readQuoteStyle(r),
    ...readIngest(r),
    database: readDatabase(r, cwd),
    secrets: r.secrets,
    warnings: r.warnings,
  };
  const discord = readDiscord(r);
  const slack = readSlack(r);
  if (r.problems.length) throw new ConfigError(r.problems);
  if (discord) config.discord = discord;
  if (slack) config.slack = slack;
  return config;
}

/**
 * {@link loadConfig} of the process environment with a folder given on the command line (`--transcripts`)
 * in place of `TRANSCRIPTS_DIR`, and other command-line settings in `overrides` (`--lang`: `CAPTION_LANGS`).
 */
export function loadConfigFor(transcriptsDir: string | undefined, overrides: Env = {}, env: Env = process.env): Config {
  return loadConfig({ ...env, ...overrides, ...(transcriptsDir ? { TRANSCRIPTS_DIR: transcriptsDir } : {}) });
}

/** True when `LOG_LEVEL` asks for debug output (the CLI then prints a stack with an unexpected error). */
export function debugLogging(env: Env = process.env): boolean {
  return env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace';
}

/** Which shards a discord.js shard process runs (`SHARDS`, set by the ShardingManager), for its log lines; `?` outside one. */
export function shardLabel(env: Env = process.env): string {
  return env.SHARDS ?? '?';
}
