import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARS, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has sensible defaults and no platform without tokens', () => {
    const c = loadConfig({}, '/srv/bot');
    expect(c).toMatchObject({ transcriptsDir: '/srv/bot/transcripts', logLevel: 'info', logLevelExplicit: false, cooldownSeconds: 3, admins: [], secrets: [] });
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
  });

  it('reads every variable', () => {
    const c = loadConfig({
      TRANSCRIPTS_DIR: '/data/t',
      DISCORD_TOKEN: 'discord-token-value',
      DISCORD_GUILD_ID: '123456789012345678',
      DISCORD_APPLICATION_ID: '223456789012345678',
      DISCORD_API_BASE: 'http://127.0.0.1:5000/api',
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_APP_TOKEN: 'xapp-1-2',
      SLACK_SIGNING_SECRET: 'shhh-signing',
      SLACK_PORT: '3100',
      SLACK_API_URL: 'http://127.0.0.1:4000/api/',
      QUOTEBOT_ADMINS: ' U1, U2 ,,',
      QUOTEBOT_COOLDOWN_SECONDS: '0.5',
      LOG_LEVEL: 'DEBUG',
    });
    expect(c.transcriptsDir).toBe('/data/t');
    expect(c.discord).toEqual({ token: 'discord-token-value', guildId: '123456789012345678', applicationId: '223456789012345678', apiBase: 'http://127.0.0.1:5000/api' });
    expect(c.slack).toEqual({ botToken: 'xoxb-1-2-3', appToken: 'xapp-1-2', signingSecret: 'shhh-signing', port: 3100, apiUrl: 'http://127.0.0.1:4000/api/' });
    expect(c.admins).toEqual(['U1', 'U2']);
    expect(c.cooldownSeconds).toBe(0.5);
    expect(c.logLevel).toBe('debug');
    expect(c.secrets.sort()).toEqual(['discord-token-value', 'shhh-signing', 'xapp-1-2', 'xoxb-1-2-3'].sort());
    expect(ENV_VARS.map((v) => v.name)).toEqual(expect.arrayContaining(['TRANSCRIPTS_DIR', 'DISCORD_TOKEN', 'SLACK_PORT', 'LOG_LEVEL', 'QUOTEBOT_ADMINS']));
  });

  it('reports every problem at once, one line each, never echoing a secret', () => {
    let error: unknown;
    try {
      loadConfig({ LOG_LEVEL: 'loud', SLACK_PORT: 'http', QUOTEBOT_COOLDOWN_SECONDS: '-1', SLACK_BOT_TOKEN: 'xoxb-secret-value', DISCORD_TOKEN: 'dtok-secret', DISCORD_GUILD_ID: 'my server', DISCORD_API_BASE: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL="loud"/);
    expect(problems.join('\n')).toMatch(/SLACK_APP_TOKEN \(Socket Mode\) nor SLACK_SIGNING_SECRET/);
    for (const p of problems) {
      expect(p).not.toContain('\n');
      expect(p).not.toContain('secret-value');
      expect(p).not.toContain('dtok-secret');
    }
  });

  it('warns about half-configured platforms', () => {
    const c = loadConfig({ DISCORD_GUILD_ID: '123456789', SLACK_BOT_TOKEN: 'bot-token', SLACK_SIGNING_SECRET: 'secret123' });
    expect(c.warnings.join('\n')).toMatch(/DISCORD_GUILD_ID is set but DISCORD_TOKEN is not/);
    expect(c.warnings.join('\n')).toMatch(/SLACK_BOT_TOKEN does not start with "xoxb-"/);
  });
});

describe('config errors never echo a secret pasted into the wrong variable', () => {
  it('names the variable and the value length, not the value', () => {
    const discordToken = 'MTE5OTk4ODc3NjY1NTQ0MzMyMQ.GhJkLm.abcdefGHIJKLmnopQRSTuv_wxyz012345';
    const signing = '8f14e45fceea167a5a36dedd4bea2543';
    const slackToken = 'xoxb-1234-5678-abcdefghijkl';
    for (const env of [
      { DISCORD_TOKEN: 'x'.repeat(30), DISCORD_GUILD_ID: discordToken },
      { DISCORD_TOKEN: 'x'.repeat(30), DISCORD_GUILD_ID: signing },
      { SLACK_BOT_TOKEN: 'xoxb-right', SLACK_APP_TOKEN: 'xapp-right', SLACK_API_URL: slackToken },
      { DISCORD_TOKEN: discordToken, DISCORD_API_BASE: discordToken },
    ]) {
      let message = '';
      try {
        loadConfig(env);
      } catch (error) {
        message = (error as Error).message;
      }
      const [name] = Object.keys(env).slice(-1);
      expect(message).toMatch(new RegExp(`^${name}=\\(a \\d+-character value, not shown in case it is a secret\\)`));
      for (const secret of [discordToken, signing, slackToken]) expect(message).not.toContain(secret);
    }
    // An ordinary wrong value is still shown, to help.
    expect(() => loadConfig({ DISCORD_TOKEN: 'x'.repeat(30), DISCORD_GUILD_ID: 'my-server' })).toThrow(/DISCORD_GUILD_ID="my-server" must be a numeric/);
  });
});

describe('ingest settings', () => {
  it('CAPTION_LANGS defaults to en, UPDATE_EVERY to off; bad values are listed like any other problem', () => {
    const c = loadConfig({});
    expect(c.captionLangs).toEqual(['en']);
    expect(c.updateEveryMs).toBeUndefined();
    expect(loadConfig({ CAPTION_LANGS: 'en-GB, de', UPDATE_EVERY: '6h' })).toMatchObject({ captionLangs: ['en-GB', 'de'], updateEveryMs: 21_600_000 });
    expect(loadConfig({ UPDATE_EVERY: 'off' }).updateEveryMs).toBeUndefined();
    let error: ConfigError | undefined;
    try {
      loadConfig({ CAPTION_LANGS: 'en,../x', UPDATE_EVERY: 'hourly' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual([
      'CAPTION_LANGS has "../x", which is not a language code such as en, en-GB or pt-BR.',
      'UPDATE_EVERY="hourly" is not a period: use minutes, hours or days such as 30m, 6h or 1d (or off).',
    ]);
    for (const name of ['YT_DLP', 'CAPTION_LANGS', 'UPDATE_EVERY']) expect(ENV_VARS.map((v) => v.name)).toContain(name);
  });
});

describe('loadConfig: the database', () => {
  it('defaults to SQLite in .data/quotebot.db, 90 days, no secret (one is made beside the file)', () => {
    const config = loadConfig({}, '/srv/bot');
    expect(config.database).toEqual({ enabled: true, file: '/srv/bot/.data/quotebot.db', logDays: 90 });
  });

  it('reads QUOTEBOT_DB (off too), DATABASE_URL, QUOTEBOT_SECRET and LOG_DAYS, and hides the password and secret', () => {
    expect(loadConfig({ QUOTEBOT_DB: 'off' }, '/srv').database.enabled).toBe(false);
    const config = loadConfig(
      { QUOTEBOT_DB: 'db/bot.db', DATABASE_URL: 'postgres://bot:p%40ss@127.0.0.1:5432/quotebot', QUOTEBOT_SECRET: 'k3y-secret', LOG_DAYS: '30' },
      '/srv',
    );
    expect(config.database).toEqual({ enabled: true, file: '/srv/db/bot.db', url: 'postgres://bot:p%40ss@127.0.0.1:5432/quotebot', secret: 'k3y-secret', logDays: 30 });
    expect(config.secrets).toEqual(expect.arrayContaining(['p@ss', 'k3y-secret', 'postgres://bot:p%40ss@127.0.0.1:5432/quotebot']));
  });

  it('refuses a non-PostgreSQL URL, PostgreSQL without a secret, and a bad LOG_DAYS, one line each', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env, '/srv');
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ DATABASE_URL: 'mysql://x@y/z', QUOTEBOT_SECRET: 's' })).toEqual(['DATABASE_URL must start with postgres:// (e.g. postgres://quotebot:password@127.0.0.1:5432/quotebot).']);
    expect(problems({ DATABASE_URL: 'postgres://bot:pw@db/q' })[0]).toMatch(/^DATABASE_URL is set but QUOTEBOT_SECRET is not/);
    expect(problems({ LOG_DAYS: 'forever' })).toEqual(['LOG_DAYS="forever" must be a number of days from 1 to 3650.']);
  });
});
