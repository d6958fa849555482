/**
 * The process logger: pino, to stderr, at `LOG_LEVEL`, with secrets scrubbed twice over.
 *
 * 1. Key paths: fields named like credentials (`token`, `botToken`, `signingSecret`, `authorization`...)
 *    are replaced by `[Redacted]` wherever pino's redaction reaches (top level and two levels down).
 * 2. Values: every configured secret (`config.secrets`) is replaced by `[Redacted]` in the final serialized
 *    line, so a token that slips into a message, an error text or a stack is never written.
 * 3. Errors (`err`): request URLs lose the interaction and webhook tokens Discord puts in paths, and request
 *    bodies are logged by size only ({@link safeErrorSerializer}).
 *
 * In console mode (the terminal chat) the logger writes short human lines and, unless `LOG_LEVEL` was
 * set explicitly, only warnings and errors, so the chat stays readable.
 *
 * @example
 * const logger = createLogger(config);                      // JSON lines on stderr
 * const quiet = createLogger(config, { mode: 'console' });  // "warn: skipped x.vtt: ..." on stderr
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Config } from './config.ts';

export type Logger = PinoLogger;

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** `json` (default): one JSON object per line. `console`: short human lines, quieter default level. */
  mode?: 'json' | 'console';
  /** Where lines go. Default: stderr (fd 2), synchronously so nothing is lost on exit. */
  destination?: DestinationStream;
}

/** Key paths pino censors (credentials by name, wherever a config or request object is logged). */
export const REDACT_PATHS = [
  'token', 'botToken', 'appToken', 'signingSecret', 'secret', 'password', 'authorization',
  'headers.authorization', 'headers.cookie',
  '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.secret', '*.secrets', '*.password', '*.authorization',
  '*.headers.authorization',
  '*.*.token', '*.*.botToken', '*.*.appToken', '*.*.signingSecret',
  'secrets', 'config.secrets',
];

const CENSOR = '[Redacted]';
/** Secret values shorter than this are not scanned for (they would censor ordinary words). */
const MIN_SECRET_LENGTH = 6;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A function that replaces every occurrence of the given secrets (raw and as JSON-escaped) with
 * `[Redacted]`; the identity when there are none.
 */
export function secretScrubber(secrets: readonly string[]): (line: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    // As written, markdown-escaped (Discord and Slack renderers put a backslash before _ * ~ ` | > \),
    // and each of those as it appears inside a JSON string.
    const escaped = secret.replace(/[_*~`|>\\]/g, '\\$&');
    for (const form of [secret, escaped]) {
      forms.add(form);
      forms.add(JSON.stringify(form).slice(1, -1));
    }
  }
  if (forms.size === 0) return (line) => line;
  const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (line) => line.replace(pattern, CENSOR);
}

/**
 * A URL or route with the secrets Discord puts in paths removed: interaction and webhook tokens become
 * `:token` (`/interactions/123/aW50ZXJh.../callback` -> `/interactions/123/:token/callback`).
 */
export function tokenlessRoute(url: string): string {
  return url.replace(/(\/interactions\/[^/]+\/)[^/?#]+/g, '$1:token').replace(/(\/webhooks\/[^/]+\/)[^/?#]+/g, '$1:token');
}

/** Bytes of a request body as sent (JSON or text; files counted by their data). */
function bodyBytes(body: unknown): number {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  try {
    return Buffer.byteLength(JSON.stringify(body) ?? '');
  } catch {
    return 0; // a body that cannot be serialised (cyclic): its size is unknown, the line is still written
  }
}

/**
 * pino's error serializer, made safe for platform errors: a request URL loses its tokens (see
 * {@link tokenlessRoute}) and a request body (`requestBody`, discord.js; `body`, HTTP clients) is logged by
 * size only, never its text (it holds the answer, which may quote anything). Applied to `err` and `cause`.
 */
export function safeErrorSerializer(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  const clean = (obj: Record<string, unknown> | undefined): void => {
    if (!obj || typeof obj !== 'object') return;
    for (const key of ['url', 'path', 'route']) if (typeof obj[key] === 'string') obj[key] = tokenlessRoute(obj[key] as string);
    if ('requestBody' in obj) {
      const body = obj.requestBody as { json?: unknown; files?: Array<{ data?: unknown }> } | undefined;
      const files = Array.isArray(body?.files) ? body!.files.reduce((n, f) => n + bodyBytes(f?.data), 0) : 0;
      obj.requestBody = { bytes: bodyBytes(body?.json) + files };
    }
    if (typeof obj.message === 'string') obj.message = tokenlessRoute(obj.message);
    if (typeof obj.stack === 'string') obj.stack = tokenlessRoute(obj.stack);
    if (obj.cause && typeof obj.cause === 'object') clean(obj.cause as Record<string, unknown>);
  };
  if (serialized && typeof serialized === 'object') clean(serialized);
  return serialized;
}

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg']);

/** A destination that turns pino JSON lines into `level: message (key=value ...)` lines for a terminal. */
export function consoleDestination(out: { write(s: string): unknown } = process.stderr): DestinationStream {
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const level = LEVEL_NAMES[entry.level as number] ?? String(entry.level);
      const extras = Object.entries(entry)
        .filter(([key]) => !OMIT.has(key) && key !== 'err')
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      const err = entry.err as { message?: string; stack?: string } | undefined;
      let text = `${level}: ${String(entry.msg ?? '')}${extras.length ? ` (${extras.join(' ')})` : ''}`;
      if (err) text += `\n${err.stack ?? err.message ?? ''}`;
      out.write(`${text}\n`);
    },
  };
}

/** Creates the logger for a configuration. */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'logLevelExplicit' | 'secrets'>,
  options: LoggerOptions = {},
): Logger {
  const mode = options.mode ?? 'json';
  const level = mode === 'console' && !config.logLevelExplicit ? 'warn' : config.logLevel;
  const destination = options.destination ?? (mode === 'console' ? consoleDestination() : pino.destination({ fd: 2, sync: true }));
  return pino(
    {
      level,
      base: mode === 'console' ? null : undefined,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      hooks: { streamWrite: secretScrubber(config.secrets) },
      serializers: { err: safeErrorSerializer },
    },
    destination,
  );
}
