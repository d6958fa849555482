import { describe, expect, it } from 'vitest';
import { QuoteBot } from '../../src/core/bot.ts';
import { helpAnswer, usageOf } from '../../src/core/help.ts';
import { consoleUser, discordUser, FIXTURE_DIR, indexOf } from './helpers.ts';
import { expectAll } from '../helpers/expect-all.ts';

const bot = new QuoteBot(await indexOf(FIXTURE_DIR), { cooldownSeconds: 0 });

describe('help', () => {
  it('lists every visible command with usage, description and examples from the table', async () => {
    const answer = await bot.handle({ command: 'help', args: {}, user: discordUser });
    expect(answer.kind).toBe('help');
    expect(answer.ephemeral).toBe(true);
    const visible = bot.commands.filter((c) => !c.hidden && !c.adminOnly);
    expect(answer.commands?.map((c) => c.name)).toEqual(visible.map((c) => c.name));
    for (const entry of answer.commands ?? []) {
      const spec = bot.commands.find((c) => c.name === entry.name)!;
      expect(entry.usage).toBe(usageOf(spec));
      expect(entry.description).toBe(spec.description);
      expect(entry.examples).toEqual(spec.examples);
    }
    expect(answer.commands?.find((c) => c.name === 'quote')?.usage).toBe('quote <topic> [video] [speaker] [count]');
    expect(answer.commands?.some((c) => c.name === 'resume' || c.name === 'reload')).toBe(false);
  });

  it('shows admin commands to admins and details one command, by name or alias', async () => {
    expect((await bot.handle({ command: 'help', args: {}, user: consoleUser })).commands?.some((c) => c.name === 'reload')).toBe(true);
    const one = helpAnswer(bot.commands, 'ask');
    expect(one.title).toBe('Help: quote');
    expect(one.text).toContain('count: How many quotes (default 3) (1-10) (optional)');
    expect(one.text!.split('\n')[0]).toBe('Also: ask, q.');
    // The description is shown once (in the command entry), not again in the text.
    const rendered = [one.text, ...(one.commands ?? []).map((c) => c.description)].join('\n');
    expect(rendered.split('moment it was said').length - 1).toBe(1);
    expect(helpAnswer(bot.commands, 'more').text ?? '').not.toContain(bot.commands.find((c) => c.name === 'more')!.description);
    expect(helpAnswer(bot.commands, 'nope').text).toMatch(/There is no command "nope"/);
  });

  it('every spec obeys the platform rules adapters rely on', () => {
    for (const spec of bot.commands) {
      expect(spec.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(spec.description.length).toBeLessThanOrEqual(100);
      for (const o of spec.options) {
        expect(o.name).toMatch(/^[a-z0-9_-]{1,32}$/);
        expect(o.description.length).toBeLessThanOrEqual(100);
      }
      // Required options come first (Discord's rule).
      const firstOptional = spec.options.findIndex((o) => !o.required);
      if (firstOptional >= 0) expectAll(spec.options.slice(firstOptional), (o) => !o.required);
    }
  });
});
