import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Agent, type TestApp } from '../helpers/app.js';

/**
 * Hostile values through every parameter of every route: path parameters, query strings and the
 * fields of each form, signed in as an admin and anonymously. Bad input must get an answer below
 * 500 (a 400, 404, 403…), and the server must keep answering /health.
 */
const HOSTILE = [
  'ctl\u0001\u001f\u007f header\r\nSet-Cookie: injected=1',
  'non-Latin-1 € ‘’ 漢字 <script>alert(1)</script>',
  'nul\u0000byte',
  `../../../../etc/passwd${'x'.repeat(5000)}`,
  "-1e309'; drop table users; --",
];
const QUERY_NAMES = [
  'q',
  'page',
  'from',
  'to',
  'by',
  'category',
  'area',
  'status',
  'organisation',
  'month',
  'force',
  'format',
  'returnTo',
  'type',
  'entityType',
  'actorId',
  'year',
  'quarter',
];
/** Routes that end the agent's session or wait on other work: sent nothing hostile here. */
const SKIP = new Set(['POST /sign-out']);

let t: TestApp;
let admin: Agent;
let anonymous: Agent;

const fill = (url: string, v: string) => url.replace(/:[A-Za-z]+/g, () => encodeURIComponent(v)).replace(/\*$/, encodeURIComponent(v));
const query = (v: string) => QUERY_NAMES.map((n) => `${n}=${encodeURIComponent(v)}`).join('&');

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.signInAs('admin');
  anonymous = t.anonymous();
});
afterAll(async () => t?.close());

describe('hostile values through every route', () => {
  it('never gets a 500, and /health answers after each route', async () => {
    const routes = t.routes.filter((r) => (r.method === 'GET' || r.method === 'POST') && !SKIP.has(`${r.method} ${r.url}`));
    expect(routes.length).toBeGreaterThan(200);
    const failures: string[] = [];
    const token = await admin.csrfToken('/admin');
    const formFields: Record<string, string[]> = {};
    const fieldsOf = async (page: string) => {
      const body = (await admin.get(page)).body;
      return [...new Set([...body.matchAll(/name="([^"]+)"/g)].map((m) => m[1]).filter((n) => n !== '_csrf'))];
    };
    for (const r of routes) {
      for (const v of HOSTILE) {
        const url = `${fill(r.url, v)}?${query(v)}`;
        if (r.method === 'GET') {
          for (const agent of [admin, anonymous]) {
            const res = await agent.get(url);
            if (res.statusCode >= 500) failures.push(`GET ${r.url} ${JSON.stringify(v.slice(0, 20))}: ${res.statusCode}`);
          }
        } else {
          // The fields of the form its page shows (or none), each given the hostile value.
          const names = (formFields[r.url] ??= await fieldsOf(fill(r.url, 'x')));
          const res = await admin.submit(url, { _csrf: token, ...Object.fromEntries(names.map((n) => [n, v])) }, { csrf: false });
          if (res.statusCode >= 500) failures.push(`POST ${r.url} ${JSON.stringify(v.slice(0, 20))}: ${res.statusCode}`);
        }
      }
      const health = await anonymous.get('/health');
      if (health.statusCode !== 200) failures.push(`/health after ${r.method} ${r.url}: ${health.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
