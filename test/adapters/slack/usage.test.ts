import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slashUsage, SLASH_COMMAND, usageHint, visibleCommands } from '../../../src/adapters/slack/usage.ts';
import { fixtureBot } from './harness.ts';

describe('usage derived from the command table', () => {
  it('maps text syntax to the slash command', () => {
    expect(slashUsage('quote <topic> [count]')).toBe('/quote <topic> [count]');
    expect(slashUsage('quote')).toBe('/quote');
    expect(slashUsage('quotes about x')).toBe('/quote quotes about x');
    expect(slashUsage('random [video]')).toBe('/quote random [video]');
  });

  it('the usage hint lists every public command and hides internal and admin ones', async () => {
    const bot = await fixtureBot();
    const hint = usageHint(bot.commands);
    expect(hint.startsWith('<topic> | ')).toBe(true);
    for (const c of visibleCommands(bot.commands)) if (c.name !== 'quote') expect(hint).toContain(c.name);
    expect(hint).not.toContain('resume');
    expect(hint).not.toContain('reload');
    expect(visibleCommands(bot.commands, true).map((c) => c.name)).toContain('reload');
  });
});

describe('slack-manifest.yml', () => {
  it('declares the command (with the derived usage hint), scopes, events and interactivity', async () => {
    const manifest = parse(await readFile(new URL('../../../slack-manifest.yml', import.meta.url), 'utf8'));
    const bot = await fixtureBot();
    const [command] = manifest.features.slash_commands;
    expect(command.command).toBe(SLASH_COMMAND);
    expect(command.usage_hint).toBe(usageHint(bot.commands));
    expect(command.should_escape).toBe(false);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'app_mentions:read', 'chat:write', 'files:write']));
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_mention']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    for (const url of [command.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url]) {
      expect(url).toMatch(/\/slack\/events$/);
    }
    expect(typeof manifest.settings.socket_mode_enabled).toBe('boolean');
    expect(manifest.features.bot_user.display_name).toBe('quotebot');
  });
});
