/**
 * Slack workspace admins: the adapter asks users.info (cached) and reports the fact; the core decides
 * (that fact or QUOTEBOT_ADMINS). A failed users.info is a logged warning and a non-admin answer, never a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceAdmins, type SlackUserInfo } from '../../../src/adapters/slack/admins.ts';
import { loadConfig } from '../../../src/config.ts';
import { ADMIN, captureLogger, SIGNING_SECRET, startAgainst, startStandIn, textOf, type Running } from './harness.ts';
import { signedRequest, slashCommandPayload, type SlackStandIn } from './standin.ts';

describe('workspaceAdmins', () => {
  const logs = captureLogger(loadConfig({}));
  it('reads is_admin / is_owner / is_primary_owner, caches per workspace and user, and asks again after the cache time', async () => {
    let clock = 0;
    const calls: string[] = [];
    const info: Record<string, SlackUserInfo['user']> = { UADM: { is_admin: true }, UOWN: { is_owner: true }, UPRI: { is_primary_owner: true }, UNOT: {} };
    const isAdmin = workspaceAdmins(async (user) => (calls.push(user), { ok: true, user: info[user] }), logs.logger, { cacheMs: 1000, now: () => clock });
    expect([await isAdmin('UADM', 'T1'), await isAdmin('UOWN', 'T1'), await isAdmin('UPRI', 'T1'), await isAdmin('UNOT', 'T1')]).toEqual([true, true, true, false]);
    expect(await isAdmin('UADM', 'T1')).toBe(true);
    expect(calls).toEqual(['UADM', 'UOWN', 'UPRI', 'UNOT']);
    info.UADM = {};
    clock = 1001;
    expect(await isAdmin('UADM', 'T1')).toBe(false);
    expect(calls).toHaveLength(5);
  });

  it('a failed, refused or slow users.info is no admin and a warning, remembered briefly', async () => {
    let clock = 0;
    let calls = 0;
    const failing = workspaceAdmins(async () => (calls++, Promise.reject(new Error('socket hang up'))), logs.logger, { failureCacheMs: 500, now: () => clock });
    expect(await failing('U1')).toBe(false);
    expect(await failing('U1')).toBe(false);
    expect(calls).toBe(1);
    clock = 501;
    expect(await failing('U1')).toBe(false);
    expect(calls).toBe(2);
    expect(await workspaceAdmins(async () => ({ ok: false, error: 'missing_scope' }), logs.logger)('U2')).toBe(false);
    expect(await workspaceAdmins(() => new Promise(() => {}), logs.logger, { timeoutMs: 20 })('U3')).toBe(false);
    const warnings = logs.text().split('\n').filter((l) => l.includes('workspace admin'));
    expect(warnings.length).toBe(4);
    expect(logs.text()).toContain('missing_scope');
    expect(logs.text()).toContain('took longer than 20 ms');
  });
});

describe('Slack admins end to end (stand-in users.info)', () => {
  let slack: SlackStandIn;
  let run: Running;
  beforeAll(async () => {
    slack = await startStandIn();
    slack.admins.add('U0WSADMIN');
    run = await startAgainst(slack);
  });
  afterAll(async () => {
    await run?.slack.stop();
    await slack?.stop();
  });

  async function slash(text: string, user: string): Promise<string> {
    const { id, url } = slack.newResponseUrl();
    const res = await signedRequest(run.eventsUrl, { form: slashCommandPayload({ text, user, responseUrl: url }) }, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    return textOf(await slack.waitFor(() => slack.responsesTo(id)[0]));
  }

  it('a workspace admin may run admin commands; a member may not; QUOTEBOT_ADMINS still count', async () => {
    expect(await slash('reload', 'U0WSADMIN')).toContain('Reloaded');
    expect(await slash('reload', 'U0MEMBER')).toContain('Only admins can use reload');
    expect(await slash('reload', ADMIN)).toContain('Reloaded');
    expect(slack.callsOf('users.info').map((c) => c.params.user)).toEqual(expect.arrayContaining(['U0WSADMIN', 'U0MEMBER']));
  });

  it('when users.info fails: answered, not an admin, a warning logged; QUOTEBOT_ADMINS still admin', async () => {
    slack.admins.add('U0NEWADMIN');
    slack.failNext('users.info', { status: 500 }, 10);
    expect(await slash('reload', 'U0NEWADMIN')).toContain('Only admins can use reload');
    expect(run.logs.text()).toContain('could not check whether a Slack user is a workspace admin');
    slack.failNext('users.info', { error: 'missing_scope' }, 10);
    expect(await slash('reload', `${ADMIN}`)).toContain('Reloaded');
  });
});
