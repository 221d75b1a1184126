import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { Agent, buildTestApp, textOf, TEST_PASSWORD, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../roles.js';
import { createPasswordService } from './passwordService.js';
import { FREE_FAILURES, NOTIFY_AFTER_FAILURES, createSignInThrottle } from './signInThrottle.js';
import { createUsersService } from './usersService.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

let n = 0;
async function account(role: 'admin' | 'editor' | 'analyst' = 'editor') {
  n += 1;
  const email = `person${n}@accounts.test`;
  const user = await t.platform.users.create(SYSTEM_ACTOR, { email, name: `Person ${n}`, role, password: TEST_PASSWORD });
  return { email, user };
}

async function signIn(email: string, password = TEST_PASSWORD) {
  const agent = t.anonymous();
  const res = await agent.submit('/sign-in', { email, password });
  return { agent, res };
}

const auditCount = async (action: string, entityId: string) =>
  (await t.db.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action} and entity_id = ${entityId}`))[0].n;

const codeFor = (secret: string, offsetSeconds = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + offsetSeconds * 1000,
  });

describe('sign-in throttling per account and source', () => {
  it('makes one source wait longer after each failure, never the owner elsewhere, and tells the owner once a day', async () => {
    const { email, user } = await account();
    let clock = new Date('2026-03-02T09:00:00Z');
    const throttle = createSignInThrottle(t.db, { now: () => clock });
    const users = createUsersService(t.db, { mailer: t.platform.mailer, baseUrl: 'https://pcc.example', throttle });
    const waits: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 3; i++) {
      const r = await users.signIn(email, 'not-the-password-1', { source: '203.0.113.5' });
      waits.push(r.ok || r.reason !== 'throttled' ? 0 : r.waitSeconds);
      clock = new Date(clock.getTime() + 60_000); // wait out each delay
    }
    expect(waits).toEqual([0, 0, 0, 2, 4, 8]);
    const blocked = await users.signIn(email, 'not-the-password-1', { source: '203.0.113.5' });
    expect(blocked).toEqual({ ok: false, reason: 'throttled', waitSeconds: 16 });
    // While this source waits, even the right password is not tried from it...
    expect(await users.signIn(email, TEST_PASSWORD, { source: '203.0.113.5' })).toMatchObject({ reason: 'throttled' });
    // ...but the owner signs in from anywhere else.
    expect((await users.signIn(email, TEST_PASSWORD, { source: '198.51.100.20' })).ok).toBe(true);
    // Many failures from many sources: the owner is told by e-mail, once that day.
    for (let i = 0; i < NOTIFY_AFTER_FAILURES; i++) await users.signIn(email, 'not-the-password-1', { source: `192.0.2.${i + 1}` });
    const mails = (await t.platform.mailer.list(50)).filter((m) => m.toAddress === email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Failed attempts to sign in to your OpenPCC account');
    expect(mails[0].body).toContain('https://pcc.example/account/password');
    expect(await auditCount('user.sign-in-failures-reported', user.id)).toBe(1);
  });

  it('answers 429 with the wait on the sign-in page, for addresses with and without an account', async () => {
    for (const email of [(await account()).email, 'nobody@accounts.test']) {
      const visitor = t.anonymous();
      let res;
      for (let i = 0; i <= FREE_FAILURES; i++) res = await visitor.submit('/sign-in', { email, password: 'not-the-password-1' });
      expect(res!.statusCode).toBe(429);
      expect(res!.headers['retry-after']).toBe('2');
      expect(textOf(res!.body)).toContain('Too many failed attempts from here. Wait 2 seconds, then try again.');
    }
  });

  it('groups IPv6 sources by their /64 network', async () => {
    const { sourceOf } = await import('./signInThrottle.js');
    expect(sourceOf('2001:db8:1:2:aaaa::1')).toBe(sourceOf('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
    expect(sourceOf('2001:db8:1:2::1')).not.toBe(sourceOf('2001:db8:1:3::1'));
    expect(sourceOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });
});

describe('forgotten password', () => {
  it('e-mails a single-use link; the new password is checked, set, audited, and ends every session', async () => {
    const { email, user } = await account();
    const { agent: elsewhere } = await signIn(email);
    const visitor = t.anonymous();
    const bad = await visitor.submit('/sign-in/forgot', { email: 'not an email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    const sent = await visitor.submit('/sign-in/forgot', { email });
    expect(textOf(sent.body)).toContain('Check your email');
    const unknown = await visitor.submit('/sign-in/forgot', { email: 'nobody@accounts.test' });
    expect(textOf(unknown.body)).toBe(textOf(sent.body).replace(email, 'nobody@accounts.test'));
    const mail = (await t.platform.mailer.list(20)).find((m) => m.toAddress === email && m.subject === 'Reset your OpenPCC password')!;
    const link = new URL(mail.body.match(/https?:\/\/\S+\/sign-in\/reset\/[\w-]+/)![0]).pathname;
    const stored = await t.db.query<{ token_hash: string }>(sql`select token_hash from password_resets where user_id = ${user.id}`);
    expect(stored[0].token_hash).not.toContain(link.split('/').pop());

    const form = await visitor.get(link);
    expect(form.statusCode).toBe(200);
    const common = await visitor.submit(link, { password: 'qwertyuiop123', confirm: 'qwertyuiop123' });
    expect(common.statusCode).toBe(400);
    expect(textOf(common.body)).toContain('This password is too common');
    const ok = await visitor.submit(link, { password: 'a-new-long-password-2027', confirm: 'a-new-long-password-2027' });
    expect(ok.statusCode).toBe(302);
    expect(ok.headers.location).toBe('/sign-in');
    expect((await visitor.get(link)).statusCode).toBe(404);
    expect((await visitor.submit(link, { password: 'another-long-password-1', confirm: 'another-long-password-1' })).statusCode).toBe(404);
    expect((await elsewhere.get('/admin')).statusCode).toBe(302);
    expect((await signIn(email)).res.statusCode).toBe(401);
    expect((await signIn(email, 'a-new-long-password-2027')).res.statusCode).toBe(302);
    expect(await auditCount('user.password-reset', user.id)).toBe(1);
  });

  it('refuses a link after it expires', async () => {
    const { email, user } = await account();
    let clock = new Date('2026-05-01T10:00:00Z');
    const passwords = createPasswordService(t.db, { users: t.platform.users, mailer: t.platform.mailer, baseUrl: 'https://pcc.example', now: () => clock });
    await passwords.requestReset(email);
    const mail = (await t.platform.mailer.list(20)).find((m) => m.toAddress === email)!;
    const token = mail.body.match(/\/sign-in\/reset\/([\w-]+)/)![1];
    clock = new Date('2026-05-01T10:59:00Z');
    expect((await passwords.findReset(token))?.id).toBe(user.id);
    clock = new Date('2026-05-01T11:00:01Z');
    expect(await passwords.findReset(token)).toBeUndefined();
    expect(await passwords.resetPassword(token, 'a-new-long-password-2027')).toBe(false);
  });
});

describe('your account', () => {
  it('changes your password after checking the current one, and signs out your other sessions', async () => {
    const { email, user } = await account();
    const { agent: other } = await signIn(email);
    const { agent: me } = await signIn(email);
    me.userEmail = email;
    const wrong = await me.submit('/account/password', { current: 'not-my-password-1', password: 'brand-new-password-1', confirm: 'brand-new-password-1' });
    expect(wrong.statusCode).toBe(400);
    expect(textOf(wrong.body)).toContain('Your current password is not right');
    const mismatch = await me.submit('/account/password', { current: TEST_PASSWORD, password: 'brand-new-password-1', confirm: 'something-else-entirely' });
    expect(textOf(mismatch.body)).toContain('Passwords must match');
    const ok = await me.submit('/account/password', { current: TEST_PASSWORD, password: 'brand-new-password-1', confirm: 'brand-new-password-1' });
    expect(ok.headers.location).toBe('/account');
    expect((await me.get('/account')).statusCode).toBe(200);
    expect((await other.get('/account')).statusCode).toBe(302);
    expect(await auditCount('user.password-change', user.id)).toBe(1);
  });

  it('signs out every other session on request', async () => {
    const { email, user } = await account();
    const { agent: other } = await signIn(email);
    const { agent: me } = await signIn(email);
    me.userEmail = email;
    expect(textOf((await me.get('/account')).body)).toContain('in 1 other place');
    await me.submit('/account/sessions/sign-out-others', {});
    expect((await other.get('/admin')).statusCode).toBe(302);
    expect((await me.get('/admin')).statusCode).toBe(200);
    expect(await auditCount('user.sign-out-others', user.id)).toBe(1);
  });

  it('lets an administrator deactivate an account at once: its sessions end', async () => {
    const { email, user } = await account('analyst');
    const { agent: person } = await signIn(email);
    expect((await person.get('/admin')).statusCode).toBe(200);
    const admin = await t.signInAs('admin');
    const res = await admin.submit(`/admin/users/${user.id}`, { role: 'analyst', status: 'disabled', organisation: '' });
    expect(res.statusCode).toBe(302);
    expect((await person.get('/admin')).statusCode).toBe(302);
    const left = await t.db.query<{ n: number }>(sql`select count(*)::int as n from sessions where data->>'userId' = ${user.id}`);
    expect(left[0].n).toBe(0);
    expect(await auditCount('user.deactivate', user.id)).toBe(1);
    expect((await signIn(email)).res.statusCode).toBe(401);
  });
});

describe('two-step verification', () => {
  async function turnOn(agent: Agent) {
    const page = await agent.get('/account/two-step');
    const secret = textOf(page.body.match(/id="secret">([^<]+)</)![1]);
    expect(page.body).toContain('<svg');
    const wrong = await agent.submit('/account/two-step', { code: '000000' === codeFor(secret) ? '111111' : '000000' }, { tokenFrom: '/account/two-step' });
    expect(wrong.statusCode).toBe(400);
    const on = await agent.submit('/account/two-step', { code: codeFor(secret) }, { tokenFrom: '/account/two-step' });
    expect(on.statusCode).toBe(200);
    const codes = [...on.body.matchAll(/<li><code>([A-Z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    return { secret, codes };
  }

  it('is set up with a code from the app, then asked for at sign-in; codes and recovery codes work once', async () => {
    const { email, user } = await account();
    const { agent } = await signIn(email);
    agent.userEmail = email;
    const { secret, codes } = await turnOn(agent);
    const hashes = await t.db.query<{ code_hash: string }>(sql`select code_hash from recovery_codes where user_id = ${user.id}`);
    expect(hashes).toHaveLength(10);
    expect(hashes.map((h) => h.code_hash)).not.toContain(codes[0]);

    const first = await signIn(email);
    expect(first.res.headers.location).toBe('/sign-in/two-step');
    expect((await first.agent.get('/admin')).statusCode).toBe(302);
    const wrong = await first.agent.submit('/sign-in/two-step', { code: '12345' }, { tokenFrom: '/sign-in/two-step' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('govuk-error-summary');
    // The code used to turn it on was for this 30 seconds: the next one is needed now.
    const next = codeFor(secret, 30);
    const ok = await first.agent.submit('/sign-in/two-step', { code: next }, { tokenFrom: '/sign-in/two-step' });
    expect(ok.headers.location).toBe('/admin');
    expect((await first.agent.get('/admin')).statusCode).toBe(200);

    const replay = await signIn(email);
    const again = await replay.agent.submit('/sign-in/two-step', { code: next }, { tokenFrom: '/sign-in/two-step' });
    expect(again.statusCode).toBe(401);
    const recovered = await replay.agent.submit('/sign-in/two-step', { code: codes[0].toLowerCase() }, { tokenFrom: '/sign-in/two-step' });
    expect(recovered.statusCode).toBe(302);
    const home = await replay.agent.get('/admin');
    expect(textOf(home.body)).toContain('You used a recovery code. You have 9 left');
    const reuse = await signIn(email);
    expect((await reuse.agent.submit('/sign-in/two-step', { code: codes[0] }, { tokenFrom: '/sign-in/two-step' })).statusCode).toBe(401);
    expect(await auditCount('user.two-step-on', user.id)).toBe(1);
    expect(await auditCount('user.recovery-code-used', user.id)).toBe(1);
    const stored = await t.db.query<{ secret_encrypted: string }>(sql`select secret_encrypted from two_step where user_id = ${user.id}`);
    expect(stored[0].secret_encrypted).not.toContain(secret.replace(/\s/g, ''));
  });

  it('when an administrator requires it, nothing else opens until it is set up', async () => {
    const admin = await t.signInAs('admin');
    const editor = await t.signInAs('editor');
    expect((await editor.get('/admin/security')).statusCode).toBe(403);
    expect((await editor.submit('/admin/security', { requireTwoStep: 'yes' })).statusCode).toBe(403);
    const bad = await admin.submit('/admin/security', { requireTwoStep: 'maybe' });
    expect(bad.statusCode).toBe(400);
    const noIdp = await admin.submit('/admin/security', { requireTwoStep: 'no', localAccounts: 'no' });
    expect(noIdp.statusCode).toBe(400);
    expect(textOf(noIdp.body)).toContain('Set up sign-in through an identity provider before turning off passwords');
    expect((await admin.submit('/admin/security', { requireTwoStep: 'yes' })).statusCode).toBe(302);
    try {
      const { email } = await account();
      const { agent, res } = await signIn(email);
      expect(res.headers.location).toBe('/account/two-step');
      const blocked = await agent.get('/admin/plans');
      expect(blocked.headers.location).toBe('/account/two-step');
      agent.userEmail = email;
      const { codes } = await turnOn(agent);
      expect(codes).toHaveLength(10);
      expect((await agent.get('/admin')).statusCode).toBe(200);
      const page = await agent.get('/account/two-step');
      expect(textOf(page.body)).toContain('cannot be turned off');
      expect((await agent.submit('/account/two-step/off', { password: TEST_PASSWORD })).statusCode).toBe(403);
    } finally {
      await admin.submit('/admin/security', { requireTwoStep: 'no' });
    }
  });

  it('can be turned off by its owner with their password, or by an administrator', async () => {
    const { email, user } = await account();
    const { agent } = await signIn(email);
    agent.userEmail = email;
    await turnOn(agent);
    const wrong = await agent.submit('/account/two-step/off', { password: 'not-my-password-1' });
    expect(wrong.statusCode).toBe(400);
    expect((await agent.submit('/account/two-step/off', { password: TEST_PASSWORD })).headers.location).toBe('/account');
    expect((await signIn(email)).res.headers.location).toBe('/admin');
    await turnOn(agent);
    const editor = await t.signInAs('editor');
    expect((await editor.submit(`/admin/users/${user.id}/two-step-off`, {})).statusCode).toBe(403);
    const admin = await t.signInAs('admin');
    expect((await admin.submit(`/admin/users/${user.id}/two-step-off`, {})).statusCode).toBe(302);
    expect((await signIn(email)).res.headers.location).toBe('/admin');
    expect(await auditCount('user.two-step-off', user.id)).toBe(2);
  });
});

describe('permissions of the account pages', () => {
  it.each(['/account', '/account/password', '/account/two-step'])('sends visitors who are not signed in from %s to sign in', async (path) => {
    const res = await t.anonymous().get(path);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);
  });

  it.each([
    '/account/password',
    '/account/sessions/sign-out-others',
    '/account/two-step',
    '/account/two-step/off',
    '/account/two-step/recovery-codes',
    '/admin/security',
  ])('refuses a POST to %s from someone not signed in', async (path) => {
    expect((await t.anonymous().submit(path, {})).statusCode).toBe(401);
  });

  it('opens each role its own account page, and the sign-in settings to administrators only', async () => {
    for (const role of ['admin', 'editor', 'analyst', 'force-lead', 'commissioner', 'panel-member'] as const) {
      const agent = await t.signInAs(role);
      expect((await agent.get('/account')).statusCode, role).toBe(200);
      expect((await agent.get('/admin/security')).statusCode, role).toBe(role === 'admin' ? 200 : 403);
    }
  });
});
