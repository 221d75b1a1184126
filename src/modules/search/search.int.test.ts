import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { rowsOf } from '../../db/index.js';
import { loadConfig } from '../../config.js';
import { createModules } from '../index.js';
import { createPlatform } from '../../platform/index.js';
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
let reportId: string;
const editorActor: Actor = { id: null, label: 'test editor', role: 'editor' };
const panelActor: Actor = { ...editorActor, role: 'panel-member' };
/** A Panel report about serious violence, as the scrutiny service takes it. */
const reportInput = (reference: string, title: string, published: boolean) => ({
  reference,
  title,
  reportDate: '2025-06-01',
  meetingId: null,
  resolution: null,
  body: `${title}: the Panel looked at serious violence.`,
  planId: null,
  answeredByPlanId: null,
  published,
});

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
    scrutiny.createReport(panelActor, reportInput(reference, title, published), [
      { text: 'Publish how serious violence funding is spent.', responseDue: '2025-08-01' },
    ]);
  reportId = (await panelReport('PCP-SEARCH-1', 'Panel report on serious violence', true)).id;
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

/** The index's rows (id and source): a row rewritten gets a new id. */
async function indexRows(): Promise<{ id: number; source: string }[]> {
  return rowsOf<{ id: number; source: string }>(await t.db.db.execute(sql`select id, source from search_documents order by id`));
}

describe('keeping the index up to date', () => {
  const scrutinyService = () => (t.modules.find((m) => m.name === 'scrutiny') as ScrutinyModule).service;

  it('re-reads only the module whose record changed, and rewrites only its changed rows', async () => {
    await search.refresh();
    const before = await indexRows();
    await plans.addItem(editorActor, 'priority', draftId, { title: 'Echidnaquill priority', reference: 'P3' });
    const done = await search.refresh();
    expect(done.read).toEqual(['plans']);
    expect(done.added).toBe(1);
    expect(done.removed).toBe(0);
    const after = await indexRows();
    const others = (rows: { id: number; source: string }[]) => rows.filter((r) => r.source !== 'plans').map((r) => r.id);
    expect(others(after)).toEqual(others(before));
    expect(others(after).length).toBeGreaterThan(100);
    expect(resultLinks((await editor.get('/search?q=Echidnaquill')).body)).toEqual([`/admin/plans/${draftId}`]);
    expect(await search.refresh()).toEqual({ read: [], added: 0, removed: 0 });
  });

  // The report and its recommendation (titled after it) both link to the report's page.
  it('shows an edit and a withdrawal to the public on the next search, and a draft never', async () => {
    await scrutinyService().updateReport(panelActor, reportId, reportInput('PCP-SEARCH-1', 'Panel report on Narwhalgrass violence', true));
    expect(resultLinks((await anon.get('/search?q=Narwhalgrass')).body)).toEqual([
      `/scrutiny/panel-reports/${reportId}`,
      `/scrutiny/panel-reports/${reportId}`,
    ]);
    await scrutinyService().updateReport(panelActor, reportId, reportInput('PCP-SEARCH-1', 'Panel report on Narwhalgrass violence', false));
    const withdrawn = await anon.get('/search?q=Narwhalgrass');
    expect(textOf(withdrawn.body)).toContain('0 results');
    expect(resultLinks((await editor.get('/search?q=Narwhalgrass')).body)).toEqual([
      `/admin/scrutiny/reports/${reportId}`,
      `/admin/scrutiny/reports/${reportId}`,
    ]);
    expect(textOf((await anon.get('/search?q=Echidnaquill')).body)).toContain('0 results');
    await scrutinyService().updateReport(panelActor, reportId, reportInput('PCP-SEARCH-1', 'Panel report on serious violence', true));
  });

  it('is kept up to date by another process on the same database, one refresh at a time', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '.tmp/test-data', LOG_LEVEL: 'silent' });
    const other = (createModules(createPlatform(config, t.db, undefined, t.clock)).find((m) => m.name === 'search') as SearchModule).service;
    expect((await other.search({ q: 'Narwhalgrass', role: 'editor' })).total).toBe(0);
    await scrutinyService().updateReport(panelActor, reportId, reportInput('PCP-SEARCH-1', 'Panel report on Axolotlmoss violence', true));
    // The other process sees the change on its next search (the revision is in the database).
    const page = `/scrutiny/panel-reports/${reportId}`;
    expect((await other.search({ q: 'Axolotlmoss', role: null })).hits.map((h) => h.href)).toEqual([page, page]);
    expect(resultLinks((await anon.get('/search?q=Axolotlmoss')).body)).toEqual([page, page]);
    // Both refresh at once after a change: one writes, the other finds it done; no row twice.
    await plans.addItem(editorActor, 'priority', draftId, { title: 'Pangolinreed priority', reference: 'P4' });
    const both = await Promise.all([search.refresh(), other.refresh()]);
    expect(both.map((r) => r.added).sort()).toEqual([0, 1]);
    const [dupes] = rowsOf<{ n: number }>(
      await t.db.db.execute(sql`select count(*)::int as n from (select kind, record_id, href from search_documents group by 1, 2, 3 having count(*) > 1) x`),
    );
    expect(dupes?.n).toBe(0);
  });

  it('re-reads every source on a new day (rounds and consultations open on dates)', async () => {
    try {
      t.clock.set('2030-03-01');
      await search.refresh();
      expect((await search.refresh()).read).toEqual([]);
      t.clock.set('2030-03-02');
      const done = await search.refresh();
      expect([...done.read].sort()).toEqual(['delivery', 'engagement', 'performance', 'plans', 'resources', 'scrutiny']);
    } finally {
      t.clock.reset();
    }
  });
});
