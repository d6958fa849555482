import { describe, expect, it } from 'vitest';
import { platformError } from '../../src/app/startup.ts';

const discordBase = { variable: 'DISCORD_API_BASE', value: 'http://127.0.0.1:40147/api' };

describe('platformError: the one line for a platform that did not start', () => {
  it('points at the network for a connection error, even when the port has 401 or 403 in it', () => {
    for (const port of [40147, 14013, 8080]) {
      const line = platformError('Discord', new Error(`could not connect to Discord: connect ECONNREFUSED 127.0.0.1:${port}`), 'DISCORD_TOKEN', discordBase).message;
      expect(line, String(port)).toBe(`Discord could not start: could not connect to Discord: connect ECONNREFUSED 127.0.0.1:${port} (check the network connection, and DISCORD_API_BASE=http://127.0.0.1:40147/api).`);
    }
  });
  it('names the token variable when the platform refused the credentials', () => {
    expect(platformError('Discord', new Error('Request failed with status 401'), 'DISCORD_TOKEN', discordBase).message).toMatch(/\(check DISCORD_TOKEN\)\.$/);
    expect(platformError('Slack', new Error('An API error occurred: invalid_auth'), 'SLACK_BOT_TOKEN', { variable: 'SLACK_API_URL' }).message).toMatch(/\(check SLACK_BOT_TOKEN\)\.$/);
  });
});
