import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { CLEVELAND_SETTINGS } from '../../platform/demo.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { EngagementModule } from '../engagement/index.js';
import { engagementFields } from '../engagement/openData.js';
import { rng, syntheticAnswers } from '../engagement/synthetic.js';
import type { ScrutinyModule } from '../scrutiny/index.js';
import { registerFields } from '../scrutiny/presenters/registerFields.js';

/**
 * Every register of engagement and scrutiny as open data: JSON and CSV, in the OpenAPI document,
 * on the open data page and the API reference page; public records only, never personal data.
 */
let t: TestApp;
let anon: Agent;
const YEAR = new Date().getUTCFullYear();
const PERSONAL = ['resident.secret@example.org', 'Jane Q Resident', 'FREE-TEXT-NOT-PUBLISHED', 'Ms Private Owner', 'PRIVATE-RISK-TEXT'];
const UNPUBLISHED = ['UNPUBLISHED-RESULTS', 'UNPUBLISHED-THEME', 'UNPUBLISHED-REPORT', 'UNPUBLISHED-DECISION'];

const registers = [
  ...Object.entries(engagementFields).map(([name, fields]) => ({ path: `/api/v1/engagement/${name}`, fields: Object.keys(fields) })),
  ...Object.entries(registerFields).map(([name, fields]) => ({ path: `/api/v1/scrutiny/${name}`, fields: Object.keys(fields) })),
];

beforeAll(async () => {
  t = await buildTestApp();
  anon = t.anonymous();
  await t.platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  for (const name of ['plans', 'engagement', 'scrutiny']) await t.modules.find((m) => m.name === name)?.loadDemo?.();
  const engagement = (t.modules.find((m) => m.name === 'engagement') as EngagementModule).service;
  const scrutiny = (t.modules.find((m) => m.name === 'scrutiny') as ScrutinyModule).service;
  const actor = { id: null, label: 'test', role: 'admin' as const };

  // A response with an e-mail address and free text: only its count may be published.
  const open = (await engagement.consultationByReference('community-safety-survey'))!;
  const survey = open.liveSurvey!;
  const { lists } = await engagement.areaHelpers();
  const answers = syntheticAnswers(
    survey.definition,
    rng(7),
    lists.lad.map((a) => a.code),
  ).answers;
  answers.safer = 'FREE-TEXT-NOT-PUBLISHED';
  await engagement.submit(SYSTEM_ACTOR, survey.id, answers, { channel: 'online', email: 'resident.secret@example.org' });
  await engagement.addTheme(actor, open.id, { label: 'UNPUBLISHED-THEME', description: '' });
  // Results written but not yet published; hostile text in a public consultation.
  const closed = (await engagement.consultationByReference('plan-2021-summer-consultation'))!;
  await engagement.setResultsSummary(actor, closed.id, 'UNPUBLISHED-RESULTS');
  const hostile = await engagement.createConsultation(actor, {
    reference: 'hostile-text',
    title: '=HYPERLINK("http://evil.example","click")',
    purpose: '@SUM(1+1)',
    audience: '+everyone',
    areas: '-all',
    opensOn: `${YEAR + 1}-01-01`,
    closesOn: `${YEAR + 1}-02-01`,
  });
  await engagement.publishConsultation(actor, hostile.id);
  // A consultation still in draft is the office's own until it is published.
  await engagement.createConsultation(actor, {
    reference: 'still-a-draft',
    title: 'DRAFT-CONSULTATION-NOT-PUBLIC',
    purpose: 'Not yet published.',
    audience: 'Everyone',
    areas: 'All',
    opensOn: `${YEAR + 1}-01-01`,
    closesOn: `${YEAR + 1}-02-01`,
  });
  // The engagement log: names and notes of a meeting are never published, only counts by ward.
  await engagement.addLogEntry(actor, {
    heldOn: `${YEAR}-03-04`,
    type: 'surgery',
    title: 'Surgery with Jane Q Resident',
    localAuthorityCode: 'E06000002',
    wardCode: 'E05009999',
    wardName: 'Test Ward',
    organisation: 'resident.secret@example.org',
    attendees: 7,
    issuesRaised: 'PRIVATE-RISK-TEXT',
    followUps: 'Call Jane Q Resident',
    followUpOwner: 'Jane Q Resident',
  });

  // Scrutiny: a private risk, a public risk whose owner is a person, unpublished report and decision.
  const risk = { kind: 'risk' as const, likelihood: 2, impact: 3, mitigations: null, reviewDate: `${YEAR}-12-01`, closed: false };
  await scrutiny.saveRisk(actor, {
    ...risk,
    reference: 'T-PRIV',
    title: 'Private risk',
    description: 'PRIVATE-RISK-TEXT',
    owner: 'Ms Private Owner',
    isPublic: false,
  });
  await scrutiny.saveRisk(actor, { ...risk, reference: 'T-PUB', title: '=1+2 public risk', description: 'Public', owner: 'Ms Private Owner', isPublic: true });
  await scrutiny.createReport(
    actor,
    {
      reference: 'T-UNPUB',
      title: 'UNPUBLISHED-REPORT',
      reportDate: `${YEAR}-01-10`,
      meetingId: null,
      resolution: null,
      body: null,
      planId: null,
      answeredByPlanId: null,
      published: false,
    },
    [{ text: 'UNPUBLISHED-REPORT recommendation', responseDue: `${YEAR}-02-10` }],
  );
  await scrutiny.createDecision(actor, {
    reference: 'T-DEC',
    title: 'UNPUBLISHED-DECISION',
    decisionDate: `${YEAR}-01-10`,
    decidedBy: 'Commissioner',
    summary: 'x',
    financialImplications: null,
    significantPublicInterest: false,
    exemptParts: null,
    exemptionReason: null,
    published: false,
  });
});
afterAll(async () => {
  await t?.close();
});

const csvOf = (body: string) => parse(body, { columns: false }) as string[][];

describe('every register as open data', () => {
  it.each(registers)('$path gives JSON and CSV with the documented fields, and nothing private', async ({ path, fields }) => {
    const json = await anon.get(path);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const data = (json.json() as { data: Record<string, unknown>[] }).data;
    expect(Array.isArray(data)).toBe(true);
    expect(data.length, `${path} has demo records`).toBeGreaterThan(0);
    for (const row of data) expect(Object.keys(row).sort()).toEqual([...fields].sort());

    const csv = await anon.get(`${path}.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename=/);
    const rows = csvOf(csv.body);
    expect(rows[0]).toEqual(fields);
    expect(rows.length - 1).toBe(data.length);
    for (const row of rows.slice(1)) for (const cell of row) expect(cell, `${path}: a cell a spreadsheet would run`).not.toMatch(/^[=+\-@]/);

    for (const body of [json.body, csv.body]) for (const s of [...PERSONAL, ...UNPUBLISHED]) expect(body, `${path} leaks ${s}`).not.toContain(s);
  });

  it('neutralises formulas in CSV and keeps the text as it was in JSON', async () => {
    const json = (await anon.get('/api/v1/engagement/consultations')).json() as { data: { reference: string; title: string; purpose: string }[] };
    expect(json.data.find((c) => c.reference === 'hostile-text')).toMatchObject({ title: '=HYPERLINK("http://evil.example","click")', purpose: '@SUM(1+1)' });
    const rows = csvOf((await anon.get('/api/v1/engagement/consultations.csv')).body);
    const hostile = rows.find((r) => r[0] === 'hostile-text')!;
    expect(hostile.slice(1, 5)).toEqual([`'=HYPERLINK("http://evil.example","click")`, "'@SUM(1+1)", "'+everyone", "'-all"]);
    const risks = csvOf((await anon.get('/api/v1/scrutiny/risks.csv')).body);
    expect(risks.find((r) => r[0] === 'T-PUB')?.[2]).toBe("'=1+2 public risk");
  });

  it('gives consultations with stages, methods, response counts and published results only', async () => {
    const data = ((await anon.get('/api/v1/engagement/consultations')).json() as { data: Record<string, unknown>[] }).data;
    expect(JSON.stringify(data)).not.toContain('DRAFT-CONSULTATION-NOT-PUBLIC');
    expect((await anon.get('/api/v1/engagement/consultations.csv')).body).not.toContain('DRAFT-CONSULTATION-NOT-PUBLIC');
    const byRef = new Map(data.map((c) => [c.reference, c]));
    const published = byRef.get('plan-2024-consultation')!;
    expect(published.stage).toBe('feedback-published');
    expect(published.resultsSummary).not.toBe('');
    expect(published.resultsUrl).toBe('/consultations/plan-2024-consultation/you-said-we-did');
    expect(published.responses).toBeGreaterThan(0);
    expect((published.methods as string[]).length).toBeGreaterThan(0);
    expect(byRef.get('plan-2021-summer-consultation')).toMatchObject({ stage: 'closed', resultsSummary: '', resultsUrl: '' });
    expect(byRef.get('community-safety-survey')).toMatchObject({ stage: 'open', responses: 1 });
  });

  it('gives "you said, we did" from published feedback only, themes linked to priorities', async () => {
    const data = ((await anon.get('/api/v1/engagement/you-said-we-did')).json() as { data: Record<string, unknown>[] }).data;
    expect(new Set(data.map((r) => r.consultationReference))).toEqual(new Set(['plan-2024-consultation']));
    expect(data.some((r) => (r.priorities as string[]).length > 0)).toBe(true);
  });

  it('counts the engagement log by ward for a year, and refuses a year out of range', async () => {
    const data = ((await anon.get(`/api/v1/engagement/engagement-log?year=${YEAR}`)).json() as { data: Record<string, unknown>[] }).data;
    expect(data.find((r) => r.wardCode === 'E05009999')).toMatchObject({ wardName: 'Test Ward', entries: 1, attendees: 7, types: ['surgery: 1'] });
    expect(((await anon.get(`/api/v1/engagement/engagement-log?year=${YEAR - 5}`)).json() as { data: unknown[] }).data).toEqual([]);
    expect((await anon.get('/api/v1/engagement/engagement-log?year=1800')).statusCode).toBe(400);
    expect((await anon.get(`/api/v1/engagement/engagement-log.csv?year=${YEAR}`)).headers['content-disposition']).toContain(`engagement-log-${YEAR}.csv`);
  });

  it('gives only risks marked public, without their owner', async () => {
    const data = ((await anon.get('/api/v1/scrutiny/risks')).json() as { data: { reference: string }[] }).data;
    expect(data.map((r) => r.reference).sort()).toEqual(['H1', 'H2', 'H3', 'R2', 'T-PUB']);
  });

  it('lists every register in the OpenAPI document, with its fields, JSON and CSV', async () => {
    const doc = (await anon.get('/api/v1/openapi.json')).json() as {
      paths: Record<
        string,
        { get?: { tags?: string[]; responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }> } }
      >;
    };
    for (const { path } of registers) {
      const op = doc.paths[path]?.get;
      expect(op?.tags, path).toEqual([path.split('/')[3]]);
      expect(op?.responses?.['200']?.content?.['application/json']?.schema?.properties, path).toHaveProperty('data');
      expect(doc.paths[`${path}.csv`]?.get?.responses?.['200']?.content, `${path}.csv`).toHaveProperty(['text/csv']);
    }
  });

  it('lists every register on the open data page and the API reference page', async () => {
    const openData = await anon.get('/open-data');
    const reference = await anon.get('/api');
    expect(reference.statusCode).toBe(200);
    for (const { path } of registers) {
      expect(openData.body, path).toContain(`href="${path}"`);
      expect(openData.body, path).toContain(`href="${path}.csv"`);
      expect(reference.body, path).toContain(`href="${path}"`);
      expect(reference.body, path).toContain(`href="${path}.csv"`);
    }
    expect(openData.body).toContain('href="/api"');
    const text = textOf(reference.body);
    expect(text).toContain('API reference');
    expect(text).toContain('Consultations and engagement');
    expect(text).toContain('responsesRaisingIt');
    expect(reference.body).not.toMatch(/<script(?![^>]*src="\/assets\/)/);
    expect(reference.body).not.toMatch(/(src|href)="https?:\/\/(?!www\.nationalarchives\.gov\.uk)/);
    // The footer's "API" link opens the reference page, not raw JSON.
    expect((await anon.get('/')).body).toContain('<a href="/api">API</a>');
  });
});
