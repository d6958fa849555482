/**
 * The terminal chat: the embedded default when no platform token is set.
 *
 * Reads lines with readline (`/quote scaling laws`, `@quotebot what about GPUs?`, plain text), answers
 * each in order, and ends when input ends. On a terminal it shows a greeting and a prompt and uses colour;
 * with piped input (`echo "/quote gpus" | npm start --silent`) it prints only the answers and returns.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatBot } from '../../core/chat-bot.ts';
import type { Requester } from '../../core/types.ts';
import { renderAnswer } from './render.ts';

/** Options of {@link runConsoleChat}. */
export interface ConsoleChatOptions {
  /** Default `process.stdin`. */
  input?: Readable & { isTTY?: boolean };
  /** Default `process.stdout`. */
  output?: Writable & { isTTY?: boolean };
  /** Interactive (greeting, prompt, colour). Default: `input.isTTY && output.isTTY`. */
  interactive?: boolean;
  /** Who is typing. Default `{ platform: 'console', userId: 'local' }`. */
  user?: Requester;
  /**
   * Folder the pictures of answers (timeline image, quote card) are written to; the chat prints each
   * file's path. Default `<os tmpdir>/quotebot-pictures`.
   */
  picturesDir?: string;
}

const EXIT_WORDS = new Set(['exit', 'quit', '/exit', '/quit']);

/** The first line of an interactive chat, with the number of videos (asked of the bot like any request). */
async function greeting(bot: ChatBot, user: Requester): Promise<string> {
  const listing = await bot.handle({ command: 'videos', args: {}, user });
  const videos = listing.kind === 'videos' ? (listing.page?.total ?? 0) : 0;
  return `quotebot: ask about anything said in ${videos} video${videos === 1 ? '' : 's'}. Try "quote scaling laws" or "help". Ctrl-D to quit.`;
}

/** Runs the chat until input ends (Ctrl-D), `exit`, or Ctrl-C. */
export async function runConsoleChat(bot: ChatBot, options: ConsoleChatOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = options.interactive ?? Boolean(input.isTTY && output.isTTY);
  const user: Requester = options.user ?? { platform: 'console', userId: 'local' };
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  const write = (text: string) => output.write(`${text}\n`);
  if (interactive) {
    write(await greeting(bot, user));
    rl.setPrompt('quotebot> ');
    rl.prompt();
  }
  let answered = 0;
  // Follow-up answers (the summary of an `add`) are printed when they arrive; the chat waits for them
  // before it returns, so piped input still gets every answer.
  const followUps: Array<Promise<void>> = [];
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line && EXIT_WORDS.has(line.toLowerCase())) break;
      if (line) {
        const answer = await bot.handle(bot.parse(line, user));
        if (answered++ > 0 && !interactive) write('');
        write(renderAnswer(answer, { color: interactive }));
        // The text first; then the picture (drawing takes a moment).
        // (Loaded on first use: the drawing code and fonts cost nothing to a chat that draws nothing.)
        if (answer.picture) {
          const { DEFAULT_PICTURES_DIR, pictureLines } = await import('./pictures.ts');
          write(['', ...(await pictureLines(answer.picture, options.picturesDir ?? DEFAULT_PICTURES_DIR))].join('\n'));
        }
        if (interactive) write('');
        if (answer.followUp) {
          followUps.push(
            answer.followUp.then((next) => {
              if (!interactive) write('');
              write(renderAnswer(next, { color: interactive }));
              if (interactive) {
                write('');
                rl.prompt();
              }
            }),
          );
        }
      }
      if (interactive) rl.prompt();
    }
    await Promise.all(followUps);
  } finally {
    rl.close();
  }
}
