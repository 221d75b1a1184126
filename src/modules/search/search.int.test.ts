import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { CLEVELAND_SETTINGS, DEMO_PASSWORD, DEMO_USERS } from '../../platform/demo.js';
import { SYSTEM_ACTOR, type Actor } from '../../platform/roles.js';
import type { PlansModule } from '../plans/index.js';
import type { ScrutinyModule } from '../scrutiny/index.js';
import type { SearchModule } from './index.js';

let t: TestApp;
let anon: Agent;
let editor: Agent;
let forceLead: Agent;
let plans: PlansModule['service'];
let search: SearchModule['service'];
let draftId: string;
const editorActor: Actor = { id: null, label: 'test editor', role: 'editor' };

/** The result links on a search page, in order. */
function resultLinks(html: string): string[] {
  const list = html.match(/<ol class="govuk-list app-search-results"[\s\S]*?<\/ol>/)?.[0] ?? '';
  return [...list.matchAll(/<h3[^>]*><a class="govuk-link" href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

beforeAll(async () => {
  t = await buildTestApp();
  await t.platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  for (const u of DEMO_USERS) await t.platform.users.create(SYSTEM_ACTOR, { ...u, password: DEMO_PASSWORD, isDemo: true });
  for (const name of ['plans', 'resources', 'delivery', 'scrutiny', 'engagement']) await t.modules.find((m) => m.name === name)!.loadDemo!();
  plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
  search = (t.modules.find((m) => m.name === 'search') as SearchModule).service;
  // A draft plan whose text the public must never find.
  const draft = await plans.create(editorActor, {
    reference: 'secret-draft',
    title: 'Quokkaflux draft plan',
    termStart: '2031-04-01',
    termEnd: '2035-03-31',
    priorityLabel: 'Priority',
  });
  draftId = draft.id;
  await plans.addItem(editorActor, 'priority', draft.id, {
    title: 'Tackle violence in Quokkaflux',
    narrative: 'Zebrawidget violence <script>alert(1)</script> & "quotes"',
    reference: 'P1',
  });
  // Panel reports about violence: one published, one not (only staff may find that one).
  const scrutiny = (t.modules.find((m) => m.name === 'scrutiny') as ScrutinyModule).service;
  const panelReport = (reference: string, title: string, published: boolean) =>
    scrutiny.createReport(
      { ...editorActor, role: 'panel-member' },
      {
        reference,
        title,
        reportDate: '2025-06-01',
        meetingId: null,
        resolution: null,
        body: `${title}: the Panel looked at serious violence.`,
        planId: null,
        answeredByPlanId: null,
        published,
      },
      [{ text: 'Publish how serious violence funding is spent.', responseDue: '2025-08-01' }],
    );
  await panelReport('PCP-SEARCH-1', 'Panel report on serious violence', true);
  await panelReport('PCP-SEARCH-2', 'Unpublished Wombatnote report', false);
  anon = t.anonymous();
  editor = await t.signInAs('editor');
  forceLead = await t.signInAs('force-lead');
}, 300_000);
afterAll(async () => {
  await t?.close();
});

describe('/search for the public', () => {
  it('finds the priorities, actions and reports about violence, ranked, with the word marked', async () => {
    const res = await anon.get('/search?q=violence');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toMatch(/\d+ results/);
    expect(text).toContain('Priorities');
    expect(text).toContain('Delivery actions');
    expect(text).toContain('Tackling Violence Against Women & Girls');
    const links = resultLinks(res.body);
    expect(links.length).toBeGreaterThan(5);
    expect(links.some((h) => /^\/plans\/[^/]+\/priorities\//.test(h))).toBe(true);
    expect(links.some((h) => /^\/delivery\/[^/]+\/actions\//.test(h))).toBe(true);
    const reports = await anon.get('/search?q=violence&kind=panel-report&kind=recommendation');
    expect(textOf(reports.body)).toContain('Panel report on serious violence');
    expect(resultLinks(reports.body).every((h) => h.startsWith('/scrutiny/panel-reports/'))).toBe(true);
    expect(links.every((h) => !h.startsWith('/admin'))).toBe(true);
    expect(res.body).toMatch(/<mark>[Vv]iolence<\/mark>/);
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('finds word forms (English stemming) and what the Panel and consultations said', async () => {
    const res = await anon.get('/search?q=victim');
    expect(textOf(res.body)).toMatch(/[1-9][\d,]* results?/);
    expect(res.body).toContain('<mark>victims</mark>');
    const recs = resultLinks((await anon.get('/search?q=recommendation+OR+panel+OR+consultation')).body);
    expect(recs.some((h) => h.startsWith('/scrutiny/') || h.startsWith('/consultations/'))).toBe(true);
  });

  it('never shows a draft’s text, and every result opens for the public', async () => {
    const shown = async (q: string) => {
      const res = await anon.get(`/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('Zebrawidget violence');
      expect(res.body).not.toContain(draftId);
      expect(res.body).not.toContain('Unpublished Wombatnote report');
      return textOf(res.body);
    };
    await shown('violence');
    // Words only drafts and unpublished records hold find nothing.
    for (const q of ['Quokkaflux', 'Zebrawidget', 'Wombatnote']) {
      const text = await shown(q);
      expect(text).toContain('0 results');
      expect(text).toContain('There are no matching results');
    }
    for (const href of resultLinks((await anon.get('/search?q=violence')).body)) expect((await anon.get(href)).statusCode, href).toBe(200);
  });

  it('filters by kind and year, and counts each', async () => {
    const res = await anon.get('/search?q=violence&kind=priority');
    const links = resultLinks(res.body);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((h) => h.includes('/priorities/'))).toBe(true);
    expect(res.body).toMatch(/Priorities \(\d+\)/);
    const y = await anon.get('/search?q=violence&year=2021');
    expect(textOf(y.body)).toMatch(/\d+ results?/);
    expect(textOf(y.body)).not.toMatch(/ · 20(1[0-9]|2[02-9])\b/);
  });

  it('answers hostile queries with a page, never an error, and escapes what it shows', async () => {
    const hostile = ['"', "'", '"unclosed', '%00', 'a%00b', 'x'.repeat(5000), '<script>alert(1)</script>', '!!&|:*()', '-', 'or', '\\', '%E2%80%AE', '%FF'];
    for (const q of hostile) {
      const res = await anon.get(`/search?q=${q.startsWith('%') || q.includes('%') ? q : encodeURIComponent(q)}&kind=nope&year=abc&page=-4`);
      // A NUL in an address is refused by the platform before any route (a 400 page); the rest are searched.
      expect(res.statusCode, q).toBe(q.includes('%00') ? 400 : 200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).not.toContain('<script>alert(1)</script>');
    }
    const repeated = await anon.get('/search?q=violence&q=other&kind=priority&kind=priority&kind[]=x&page=999');
    expect(repeated.statusCode).toBe(200);
  });

  it('has a search box in the header of every page', async () => {
    for (const url of ['/', '/plans', '/search']) {
      const html = (await anon.get(url)).body;
      expect(html).toContain('id="app-header-search"');
      expect(html).toMatch(/<form class="app-header__search" method="get" action="\/search"/);
    }
  });
});

describe('/search for staff', () => {
  it('shows an editor drafts, on the staff pages, with their text escaped and an edit at once', async () => {
    const res = await editor.get('/search?q=Zebrawidget');
    expect(res.statusCode).toBe(200);
    const links = resultLinks(res.body);
    expect(links).toContain(`/admin/plans/${draftId}`);
    expect(textOf((await editor.get('/search?q=Wombatnote')).body)).toContain('Unpublished Wombatnote report');
    // The database's snippet drops tags; what is left is escaped.
    expect(res.body).toMatch(/<mark>Zebrawidget<\/mark> violence .*alert\(1\).* &amp; &quot;quotes/);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    await plans.addItem(editorActor, 'priority', draftId, { title: 'Newly added Platypusword priority', reference: 'P2' });
    expect(resultLinks((await editor.get('/search?q=Platypusword')).body)).toEqual([`/admin/plans/${draftId}`]);
  });

  it('finds a force lead only what a force lead may open', async () => {
    // Grant applications are for the roles that may see resources; a force lead may not.
    const all = await search.search({ q: 'application OR grant OR community OR violence', role: 'editor' });
    expect(all.hits.length).toBeGreaterThan(0);
    const applications = await search.search({ q: 'application', role: 'editor', kinds: ['grant'] });
    const appHref = applications.hits.find((h) => h.href.startsWith('/admin/resources/grants/applications/'));
    expect(appHref, 'the demo has grant applications').toBeTruthy();
    expect((await forceLead.get(appHref!.href)).statusCode).toBe(403);
    const asLead = await search.search({ q: 'application', role: 'force-lead', kinds: ['grant'] });
    expect(asLead.hits.some((h) => h.href.startsWith('/admin/resources/'))).toBe(false);
    for (const q of ['violence', 'application OR grant OR contract', 'Zebrawidget', 'plan']) {
      const res = await forceLead.get(`/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      for (const href of resultLinks(res.body)) expect((await forceLead.get(href)).statusCode, `${q}: ${href}`).toBe(200);
    }
  });
});
