/**
 * `quotebot ask --json`: the machine interface to what chat users see (used by the trust scorer).
 *
 * Reads JSON lines `{"id", "text"}` on stdin, where `text` is one chat line as typed in the console
 * (`quote gpus count:5`, `timeline determinant`, `verify "..."`, a bare question), or `resume <token>`
 * (also `/resume <token>`) to follow a button of an earlier answer. Writes, in input order, one line per
 * non-blank input: `{"id", "answer": <Answer>}` with the core's platform-neutral {@link Answer}, or
 * `{"id", "error"}` for a line that is not a JSON object with a non-empty string `text`. Each line is
 * written as soon as it is ready. The asker is the local user (platform `cli`: no cooldown, admin).
 *
 * @example
 * // stdin:  {"id":1,"text":"quote gpus count:2"}
 * // stdout: {"id":1,"answer":{"kind":"quotes","title":"...","quotes":[...],"actions":[...]}}
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { QuoteBot } from '../core/bot.ts';
import type { Request, Requester } from '../core/types.ts';

/** The local user every line is asked as. */
const ASKER: Requester = { platform: 'cli', userId: 'cli' };

/** `resume <token>` / `/resume <token>`: continue from a button token. */
const RESUME = /^\/?resume\s+(\S+)\s*$/i;

/** Turns a chat line into a request: `resume <token>` directly, anything else as the console parses it. */
export function requestFor(bot: QuoteBot, text: string): Request {
  const resume = RESUME.exec(text.trim());
  if (resume) return { command: 'resume', args: { token: resume[1]! }, user: ASKER };
  return bot.parse(text, ASKER);
}

/** Answers one input line (already trimmed, non-empty) with one output line. Never throws. */
export async function answerAskLine(bot: QuoteBot, line: string): Promise<string> {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return JSON.stringify({ id: null, error: 'line is not valid JSON' });
  }
  if (!request || typeof request !== 'object' || Array.isArray(request)) return JSON.stringify({ id: null, error: 'line is not a JSON object' });
  const { id = null, text } = request as { id?: unknown; text?: unknown };
  if (typeof text !== 'string' || !text.trim()) return JSON.stringify({ id, error: '"text" must be a non-empty string' });
  // bot.handle never throws: a failing command answers kind 'error' with a reference id (and logs the stack).
  const answer = await bot.handle(requestFor(bot, text));
  return JSON.stringify({ id, answer });
}

/** Runs the JSON-lines loop until `input` ends. */
export async function runAskJson(bot: QuoteBot, input: Readable, output: Writable): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const ok = output.write(`${await answerAskLine(bot, line)}\n`);
    if (!ok) await new Promise((resolve) => output.once('drain', resolve));
  }
}
