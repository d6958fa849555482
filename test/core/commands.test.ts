/** The command table: plain data, one file per command, token kinds unique, shared defaults used. */
import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, COMMANDS, handlerOf, RESUMES } from '../../src/core/commands/index.ts';
import { DEFAULT_COUNT, MAX_COUNT } from '../../src/core/defaults.ts';
import { buttonRefusal, mayPress } from '../../src/core/buttons.ts';
import { withoutMention } from '../../src/core/parse.ts';

describe('command table', () => {
  it('is plain data: specs survive JSON, names and aliases are unique, every command has a handler', () => {
    expect(JSON.parse(JSON.stringify(COMMAND_SPECS))).toEqual(COMMAND_SPECS);
    const names = COMMAND_SPECS.flatMap((s) => [s.name, ...(s.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of COMMAND_SPECS) {
      expect(spec.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(handlerOf(spec.name)).toBeTypeOf('function');
      if (!spec.hidden) expect(spec.examples.length, spec.name).toBeGreaterThan(0);
    }
    expect(COMMANDS.map((c) => c.spec.name)).toEqual(['quote', 'random', 'videos', 'verify', 'timeline', 'context', 'card', 'more', 'help', 'reload', 'add', 'settings', 'feedback', 'forget-me', 'report', 'resume']);
  });

  it('paged commands declare their token kinds; prefixes are unique letters', () => {
    expect(RESUMES.map((r) => r.prefix).sort()).toEqual(['c', 'k', 'm', 'p', 's', 't', 'v']);
    for (const kind of RESUMES) expect(kind.fields.filter((f) => f.shorten).length).toBeLessThanOrEqual(1);
  });

  it('names the quote count defaults once', () => {
    const count = COMMAND_SPECS.find((s) => s.name === 'quote')!.options.find((o) => o.name === 'count')!;
    expect(count).toMatchObject({ min: 1, max: MAX_COUNT });
    expect(count.description).toContain(`default ${DEFAULT_COUNT}`);
  });
});

describe('product rules shared by the adapters', () => {
  it('only the asker may page or share; anyone may open the context', () => {
    expect(mayPress('more', 'U1', 'U1')).toBe(true);
    expect(mayPress('context', 'U2', 'U1')).toBe(true);
    expect(buttonRefusal('share', 'U2', 'U1')).toBe('Only the person who asked can share this answer. Use /quote to ask your own question.');
    expect(buttonRefusal('more', 'U2', 'U1')).toMatch(/page through/);
    expect(buttonRefusal('more', 'U1', 'U1')).toBeUndefined();
  });

  it('strips the bot mention in Discord and Slack syntax, wherever it is, and leaves other mentions', () => {
    expect(withoutMention('<@123> what about GPUs?', '123')).toBe('what about GPUs?');
    expect(withoutMention('hey <@!123>, gpus', '123')).toBe('hey gpus');
    expect(withoutMention('<@UBOT|quotebot>: quote <@U9> talk', 'UBOT')).toBe('quote <@U9> talk');
    expect(withoutMention('  plain  ', undefined)).toBe('plain');
  });
});
