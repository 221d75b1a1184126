import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, textOf, TEST_PASSWORD, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../roles.js';
import { MAX_FAILED_ATTEMPTS } from './usersService.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('sign-in, sessions and CSRF', () => {
  it('serves health with a database check', async () => {
    const res = await t.anonymous().get('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('sets security headers with a CSP that allows no inline script', async () => {
    const res = await t.anonymous().get('/sign-in');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('refuses a POST without a CSRF token', async () => {
    const agent = t.anonymous();
    await agent.get('/sign-in');
    const res = await agent.submit('/sign-in', { email: 'a@b.test', password: 'x' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('This form has expired');
  });

  it('shows the GOV.UK error summary and keeps the email typed', async () => {
    const res = await t.anonymous().submit('/sign-in', { email: 'not-an-email', password: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('value="not-an-email"');
    expect(res.body).toMatch(/<title>Error: /);
  });

  it('signs in, reaches the staff home and signs out', async () => {
    const agent = await t.signInAs('editor');
    const home = await agent.get('/admin');
    expect(home.statusCode).toBe(200);
    expect(textOf(home.body)).toContain('Staff home');
    const out = await agent.submit('/sign-out', {}, { tokenFrom: '/admin' });
    expect(out.statusCode).toBe(302);
    const after = await agent.get('/admin');
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toMatch(/^\/sign-in/);
  });

  it('never redirects off-site after sign-in', async () => {
    await t.platform.users.create(SYSTEM_ACTOR, { email: 'redirect@test.test', name: 'R', role: 'editor', password: TEST_PASSWORD });
    const res = await t.anonymous().submit('/sign-in', { email: 'redirect@test.test', password: TEST_PASSWORD, returnTo: '//evil.example/x' });
    expect(res.headers.location).toBe('/admin');
  });

  it('locks an account after repeated failures, and audits it', async () => {
    await t.platform.users.create(SYSTEM_ACTOR, { email: 'lock@test.test', name: 'L', role: 'analyst', password: TEST_PASSWORD });
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) {
      const r = await t.platform.users.signIn('lock@test.test', 'wrong-password-123');
      expect(r.ok).toBe(false);
    }
    const locked = await t.platform.users.signIn('lock@test.test', TEST_PASSWORD);
    expect(locked).toEqual({ ok: false, reason: 'locked' });
    const rows = await t.db.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'user.locked'`);
    expect(rows[0].n).toBe(1);
  });

  it('lets an admin invite someone, who sets a password from the emailed link', async () => {
    const admin = await t.signInAs('admin');
    const res = await admin.submit('/admin/users/invite', {
      name: 'New Person',
      email: 'new.person@test.test',
      role: 'force-lead',
      organisation: 'Cleveland Police',
    });
    expect(res.statusCode).toBe(302);
    const [mail] = await t.platform.mailer.list(1);
    const link = mail.body.match(/\/invitations\/([\w-]+)/)!;
    const visitor = t.anonymous();
    const bad = await visitor.submit(`/invitations/${link[1]}`, { password: 'short', confirm: 'short' });
    expect(bad.statusCode).toBe(400);
    const ok = await visitor.submit(`/invitations/${link[1]}`, { password: 'a-long-enough-password', confirm: 'a-long-enough-password' });
    expect(ok.statusCode).toBe(302);
    expect((await visitor.get('/admin')).statusCode).toBe(200);
  });

  it('refuses the accounts page to anyone but an admin', async () => {
    const editor = await t.signInAs('editor');
    expect((await editor.get('/admin/users')).statusCode).toBe(403);
    const admin = await t.signInAs('admin');
    expect((await admin.get('/admin/users')).statusCode).toBe(200);
  });

  it('saves settings with an audit row, and uses them in the pages', async () => {
    const admin = await t.signInAs('admin');
    const form = {
      areaName: 'Testshire',
      bodyName: 'Office of the Mayor of Testshire',
      bodyShortName: 'Testshire',
      electedHeadTitle: 'Mayor',
      electedHeadName: '',
      voice: 'we',
      scrutinyBodyName: 'Testshire Police and Crime Panel',
      forceName: 'Testshire Police',
      forceId: 'testshire',
      chiefOfficerTitle: 'Chief Constable',
      localAuthorities: 'E06000001 Hartlepool',
      contactEmail: '',
    };
    const bad = await admin.submit('/admin/settings', { ...form, forceId: 'Not Valid' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Office of the Mayor of Testshire');
    const ok = await admin.submit('/admin/settings', form);
    expect(ok.statusCode).toBe(302);
    const page = await t.anonymous().get('/sign-in');
    expect(textOf(page.body)).toContain('Office of the Mayor of Testshire');
    const rows = await t.db.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'settings.update'`);
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('answers unknown API paths with problem+json and pages with a 404 page', async () => {
    const api = await t.anonymous().get('/api/v1/nope');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/application\/problem\+json/);
    const page = await t.anonymous().get('/nope');
    expect(page.statusCode).toBe(404);
    expect(textOf(page.body)).toContain('Page not found');
  });
});
