/**
 * Every example in `help` (the command table) and in README.md works on the bundled transcript: it parses
 * to a command and answers with what that command promises (quotes, a timeline, a verdict, a list), never
 * an error, an unknown-command notice, or "nothing found".
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuoteBot } from '../src/core/bot.ts';
import { Memory } from '../src/core/memory.ts';
import { openStore, type Store } from '../src/store/index.ts';
import type { Answer } from '../src/core/types.ts';
import { indexOf, SEED_DIR } from './core/helpers.ts';

const user = { platform: 'console' as const, userId: 'examples' };

/** Chat lines shown as examples in README.md: inline code that starts with a command (or `/command`, `@quotebot`). */
function readmeExamples(commands: readonly string[]): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const out = new Set<string>();
  for (const m of readme.matchAll(/`([^`\n]+)`/g)) {
    const code = m[1]!.trim();
    const word = /^(?:\/|@quotebot\s+)?([a-z]+)\b/.exec(code)?.[1];
    if (!word || !commands.includes(word) || /[<[]/.test(code)) continue; // usage lines with <topic> [video] are syntax, not examples
    if (/\s--\w/.test(code)) continue; // a command line (`ask --json`), not a chat line
    if (/^\/[a-z]+$/.test(code)) continue; // a bare `/quote` names the slash command, it is no example
    if (/^(?:quote|ask|timeline|verify|context|random|videos|help|more)\b|^\/|^@quotebot/.test(code)) out.add(code);
  }
  return [...out];
}

/** What counts as working for each command. */
function works(answer: Answer): string | undefined {
  if (answer.kind === 'error') return `error ${answer.text}`;
  if (answer.kind === 'notice' && /Unknown command|No passage|No video|not covered|^nothing|needs/i.test(answer.text ?? '')) return `notice: ${answer.text}`;
  return undefined;
}

describe('help and README examples on the bundled transcript', () => {
  let bot: QuoteBot;
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    // With a database, as `npm start` runs it: settings, feedback and forget-me examples need one.
    dir = await mkdtemp(join(tmpdir(), 'quotebot-examples-'));
    store = await openStore({ file: join(dir, 'quotebot.db') });
    bot = new QuoteBot(await indexOf(SEED_DIR), { cooldownSeconds: 0, memory: new Memory(store, { secret: 'examples' }) });
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('every help example works', async () => {
    const examples = bot.commands.filter((c) => !c.hidden && !c.adminOnly).flatMap((c) => c.examples.map((e) => ({ command: c.name, e })));
    expect(examples.length).toBeGreaterThan(10);
    for (const { command, e } of examples) {
      const request = bot.parse(e, user);
      expect(request.command, e).toBe(command);
      const answer = await bot.handle(request);
      if (command === 'more') continue; // needs an earlier answer with pages; the answer is a notice otherwise
      expect(works(answer), e).toBeUndefined();
    }
  });

  it('every README chat example works', async () => {
    const names = bot.commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]).concat('quotebot');
    // A bare command name that needs an argument (`ask` in "alias `ask`") names the command; it is no example.
    const needsArgument = (e: string) => /^\/?[a-z]+$/.test(e) && bot.commands.some((c) => (c.name === e.replace('/', '') || c.aliases?.includes(e.replace('/', ''))) && c.options.some((o) => o.required));
    const examples = readmeExamples(names).filter((e) => !needsArgument(e));
    expect(examples.length).toBeGreaterThan(5);
    for (const e of examples) {
      const answer = await bot.handle(bot.parse(e, user));
      if (/^\/?more\b/.test(e)) continue;
      expect(works(answer), e).toBeUndefined();
    }
  });
});
