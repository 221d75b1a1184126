import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { TestOidcProvider } from '../../../test/helpers/oidcProvider.js';
import { createOidcService } from './oidcService.js';

const BASE_URL = 'http://localhost:3132';
const client = { clientId: 'openpcc', clientSecret: 'a-client-secret-for-the-test-provider', redirectUri: `${BASE_URL}/sign-in/oidc/callback` };

let t: TestApp;
let idp: TestOidcProvider;
let issuer: string;

beforeAll(async () => {
  idp = new TestOidcProvider(client);
  issuer = await idp.start();
  idp.people.set('ana', { email: 'ana.analyst@cleveland.police.test', name: 'Ana Lyst', groups: ['performance-team', 'staff'] });
  idp.people.set('adam', { email: 'adam@cleveland.police.test', name: 'Adam Min', groups: ['opcc-admins'] });
  idp.people.set('nina', { email: 'nina@cleveland.police.test', name: 'Nina No-Group', groups: ['canteen'] });
  idp.people.set('otto', { email: 'otto@elsewhere.test', name: 'Otto Outside', groups: ['opcc-admins'] });
  t = await buildTestApp({
    env: {
      BASE_URL,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: client.clientId,
      OIDC_CLIENT_SECRET: client.clientSecret,
      OIDC_ROLES: 'admin=opcc-admins; analyst=opcc-analysts,performance-team',
      OIDC_ALLOWED_DOMAINS: 'cleveland.police.test',
      OIDC_LABEL: 'your Cleveland Police account',
    },
  });
});
afterAll(async () => {
  await t?.close();
  await idp?.stop();
});

/** A person goes from the sign-in button through the provider and back to the app. */
async function signInThroughProvider(person: string, agent: Agent = t.anonymous()) {
  idp.nextPerson = person;
  const start = await agent.get('/sign-in/oidc?returnTo=%2Fadmin%2Fperformance');
  expect(start.statusCode).toBe(302);
  const authorize = new URL(String(start.headers.location));
  expect(authorize.origin).toBe(issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const callback = await idp.authorize(authorize.href);
  return { agent, callback, res: await agent.get(callback) };
}

describe('sign-in through an OpenID Connect provider', () => {
  it('offers the provider on the sign-in page beside passwords', async () => {
    const page = await t.anonymous().get('/sign-in');
    expect(textOf(page.body)).toContain('Sign in with your Cleveland Police account');
    expect(textOf(page.body)).toContain('Or sign in with a password');
  });

  it('maps a group to a role, makes the account at the first sign-in and audits it', async () => {
    const { agent, res } = await signInThroughProvider('ana');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/admin/performance');
    const user = await t.platform.users.findByEmail('ana.analyst@cleveland.police.test');
    expect(user).toMatchObject({ role: 'analyst', name: 'Ana Lyst', status: 'active' });
    const home = await agent.get('/admin');
    expect(textOf(home.body)).toContain('Ana Lyst (OPCC analyst)');
    expect((await agent.get('/admin/users')).statusCode).toBe(403);
    const audit = await t.db.query<{ action: string }>(sql`select action from audit_log where entity_id = ${user!.id} order by id`);
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.sign-in']);
  });

  it('takes the role from the groups again at every sign-in', async () => {
    idp.people.set('ana', { ...idp.people.get('ana')!, groups: ['opcc-admins'] });
    try {
      const { agent, res } = await signInThroughProvider('ana');
      expect(res.statusCode).toBe(302);
      expect((await t.platform.users.findByEmail('ana.analyst@cleveland.police.test'))!.role).toBe('admin');
      expect((await agent.get('/admin/users')).statusCode).toBe(200);
    } finally {
      idp.people.set('ana', { ...idp.people.get('ana')!, groups: ['performance-team'] });
    }
  });

  it('refuses someone in no group that has a role, and makes no account', async () => {
    const { agent, res } = await signInThroughProvider('nina');
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('not in any group that has a role here');
    expect(await t.platform.users.findByEmail('nina@cleveland.police.test')).toBeUndefined();
    expect((await agent.get('/admin')).statusCode).toBe(302);
  });

  it('refuses an e-mail address outside the allowed domains', async () => {
    const { res } = await signInThroughProvider('otto');
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('not in a domain allowed to sign in here');
  });

  it('refuses a replayed answer (its state was used already)', async () => {
    const { agent, callback, res } = await signInThroughProvider('adam');
    expect(res.statusCode).toBe(302);
    const replay = await agent.get(callback);
    expect(replay.statusCode).toBe(400);
    const stranger = await t.anonymous().get(callback);
    expect(stranger.statusCode).toBe(400);
    expect(textOf(stranger.body)).toContain('The sign-in could not be completed');
  });

  it('refuses an answer whose state is not the one this browser was given', async () => {
    const agent = t.anonymous();
    idp.nextPerson = 'adam';
    const mine = new URL(String((await agent.get('/sign-in/oidc')).headers.location));
    const other = t.anonymous();
    const theirs = await idp.authorize(String((await other.get('/sign-in/oidc')).headers.location));
    expect(mine.searchParams.get('state')).not.toBe(new URL(theirs, BASE_URL).searchParams.get('state'));
    const res = await agent.get(theirs);
    expect(res.statusCode).toBe(400);
    expect((await agent.get('/admin')).statusCode).toBe(302);
  });

  it('refuses an ID token that has expired by the time it arrives', async () => {
    // The app's clock is an hour past the token's ten minutes of life.
    const later = createOidcService(t.db, t.platform.config.oidc!, { baseUrl: BASE_URL, allowHttp: true, now: () => new Date(Date.now() + 3600_000) });
    const { url, pending } = await later.start('/admin');
    idp.nextPerson = 'adam';
    const result = await later.finish(await idp.authorize(url), pending);
    expect(result).toMatchObject({ ok: false, reason: 'failed', detail: expect.stringMatching(/"exp" \(expiration time\) claim value, expiration is past/) });
    const onTime = createOidcService(t.db, t.platform.config.oidc!, { baseUrl: BASE_URL, allowHttp: true });
    const again = await onTime.start('/admin');
    expect(await onTime.finish(await idp.authorize(again.url), again.pending)).toMatchObject({ ok: true });
  });

  it('refuses a provider that answers for another issuer', async () => {
    const impostor = new TestOidcProvider({ ...client, claimIssuer: () => issuer });
    const at = await impostor.start();
    try {
      const oidc = createOidcService(t.db, { ...t.platform.config.oidc!, issuer: at }, { baseUrl: BASE_URL, allowHttp: true });
      await expect(oidc.start('/admin')).rejects.toThrow(/issuer/i);
      expect(impostor.requests).toBeGreaterThan(0);
    } finally {
      await impostor.stop();
    }
  });

  it('refuses a deactivated account even when the provider vouches for it', async () => {
    const admin = await t.signInAs('admin');
    const adam = (await t.platform.users.findByEmail('adam@cleveland.police.test'))!;
    await admin.submit(`/admin/users/${adam.id}`, { role: 'admin', status: 'disabled', organisation: '' });
    const { res } = await signInThroughProvider('adam');
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('deactivated');
  });

  it('lets an administrator turn passwords off once the provider is set up', async () => {
    const admin = await t.signInAs('admin');
    const visitor = t.anonymous();
    const token = await visitor.csrfToken('/sign-in'); // a page loaded before the change
    expect((await admin.submit('/admin/security', { requireTwoStep: 'no', localAccounts: 'no' })).statusCode).toBe(302);
    try {
      const page = await t.anonymous().get('/sign-in');
      expect(page.body).not.toContain('name="password"');
      expect(textOf(page.body)).toContain('Sign in with your Cleveland Police account');
      const refused = await visitor.submit('/sign-in', { email: admin.userEmail!, password: 'correct-horse-battery-staple' }, { token });
      expect(refused.statusCode).toBe(403);
    } finally {
      await admin.submit('/admin/security', { requireTwoStep: 'no', localAccounts: 'yes' });
    }
  });
});
