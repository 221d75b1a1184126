import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { CLEVELAND_SETTINGS } from '../../platform/demo.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { listAudit } from '../../platform/audit.js';
import type { CrimeService } from '../crime/types.js';
import type { PerformanceModule } from './index.js';
import { addMonths, monthRange } from './periods.js';
import { formatP, poissonRateTest } from './stats.js';

const FORCE = 'perftest';
const HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const months = monthRange('2030-01', '2031-12');
/** Burglaries per month: 20 a month in the first year, 10 in the second (a significant fall). */
const burglaries = (i: number) => (i < 12 ? 20 : 10);

function streetFile(month: string, n: number, seed: number) {
  const rows = Array.from({ length: n }, (_, k) => {
    const id = (seed * 1000 + k).toString(16).padStart(64, 'a');
    return `${id},${month},Perf Test Police,Perf Test Police,,,No Location,,,Burglary,Under investigation,`;
  });
  const asb = `,${month},Perf Test Police,Perf Test Police,,,No Location,,,Anti-social behaviour,,`;
  return [HEADER, ...rows, asb].join('\n') + '\n';
}

let t: TestApp;
let analyst: Agent;
let performance: PerformanceModule;

beforeAll(async () => {
  t = await buildTestApp();
  await t.platform.settings.setArea(SYSTEM_ACTOR, { ...CLEVELAND_SETTINGS, forceId: FORCE });
  const crime = t.modules.find((m) => m.name === 'crime') as unknown as {
    service: CrimeService & { importFiles: (s: unknown[], o: unknown) => Promise<{ status: string; errors: unknown[] }[]> };
  };
  performance = t.modules.find((m) => m.name === 'performance') as PerformanceModule;
  const files = months.map((m, i) => {
    const text = streetFile(m, burglaries(i), i + 1);
    return { name: `${m}-${FORCE}-street.csv`, size: text.length, open: () => Readable.from([Buffer.from(text)]) };
  });
  const res = await crime.service.importFiles(files, { actor: SYSTEM_ACTOR, source: 'test' });
  expect(
    res.every((r) => r.status === 'done'),
    JSON.stringify(res.filter((r) => r.status !== 'done').slice(0, 1)),
  ).toBe(true);
  analyst = await t.signInAs('analyst');
});
afterAll(async () => {
  await t?.close();
});

describe('measures', () => {
  it('an analyst defines a crime measure through the form; its page shows the p-value and the method', async () => {
    const categories = await (t.modules.find((m) => m.name === 'crime') as unknown as { service: CrimeService }).service.categories();
    const burglary = categories.find((c) => c.name === 'Burglary')!.slug;
    const res = await analyst.submit('/admin/performance/measures/new', {
      reference: 'burglary-test',
      name: 'Burglary <test>',
      unit: 'crimes',
      polarity: 'lower',
      frequency: 'monthly',
      sourceKind: 'crime',
      categories: [burglary],
      baselineFrom: '2030-01',
      baselineTo: '2030-12',
      targetKind: 'reduce-by',
      targetValue: '10',
      isPublic: 'yes',
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(302);
    const page = await t.anonymous().get('/performance/measures/burglary-test');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    const expected = poissonRateTest(120, 12, 240, 12);
    expect(text).toContain('than the same months last year — a real fall, not chance');
    expect(text).toContain(formatP(expected.pValue));
    expect(text).toContain(expected.pValue.toPrecision(4));
    expect(text).toContain('Exact two-sided test for the ratio of two Poisson rates');
    expect(text).toContain('c-chart');
    expect(page.body).toContain('Burglary &lt;test&gt;');
    expect(page.body).not.toContain('Burglary <test>');
    expect(page.body).toMatch(/<svg[^>]+role="img"/);
  });

  it('keeps what was typed and shows GOV.UK errors on a bad form', async () => {
    const res = await analyst.submit('/admin/performance/measures/new', {
      reference: 'Bad Ref',
      name: 'Kept name',
      unit: '',
      polarity: 'lower',
      frequency: 'monthly',
      sourceKind: 'crime',
      targetKind: 'reach',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('value="Kept name"');
    expect(textOf(res.body)).toContain('Enter the target value');
  });

  it('edits a measure through its form, and refuses a reference another measure has', async () => {
    const form = await analyst.get('/admin/performance/measures/burglary-test/edit');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="burglary-test"');
    const base = {
      reference: 'burglary-test',
      name: 'Burglary',
      unit: 'crimes',
      polarity: 'lower',
      frequency: 'monthly',
      sourceKind: 'crime',
      categories: ['burglary'],
      targetKind: 'direction',
      isPublic: 'yes',
    };
    const saved = await analyst.submit('/admin/performance/measures/burglary-test/edit', base);
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(302);
    expect((await performance.service.getMeasure('burglary-test'))?.name).toBe('Burglary');
    await analyst.submit('/admin/performance/measures/new', { ...base, reference: 'other-measure', name: 'Other' });
    const clash = await analyst.submit('/admin/performance/measures/other-measure/edit', { ...base, name: 'Other' });
    expect(clash.statusCode).toBe(400);
    expect(textOf(clash.body)).toContain('A measure with the reference burglary-test already exists');
  });

  it('refuses the panel to define measures', async () => {
    const panel = await t.signInAs('panel-member');
    const res = await panel.submit('/admin/performance/measures/new', { reference: 'x-x', name: 'x' });
    expect(res.statusCode).toBe(403);
  });
});

describe('entered figures', () => {
  beforeAll(async () => {
    const res = await analyst.submit('/admin/performance/measures/new', {
      reference: 'answer-999',
      name: '999 answer time',
      unit: 'seconds',
      polarity: 'lower',
      frequency: 'monthly',
      sourceKind: 'entered',
      targetKind: 'reach',
      targetValue: '10',
      isPublic: 'yes',
    });
    expect(res.statusCode).toBe(302);
  });

  it('a CSV with a bad row is refused with line and column, and nothing is saved', async () => {
    const csv = 'measure,period,value,note\nanswer-999,2031-01,8.5,\nanswer-999,2031-02,fast,\nanswer-999,2031-03,9,\n';
    const res = await analyst.upload('/admin/performance/figures/import', {}, [{ field: 'file', filename: 'figures.csv', content: csv, type: 'text/csv' }]);
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('nothing was saved');
    expect(text).toMatch(/3 3 \(value\) "fast" is not a number/);
    const m = await performance.service.getMeasure('answer-999');
    expect(await performance.service.figuresOf(m!)).toEqual([]);
  });

  it('a good CSV is imported, and importing it again does not duplicate', async () => {
    const csv = `measure,period,value,note\n${months
      .slice(-6)
      .map((m, i) => `answer-999,${m},${8 + i},`)
      .join('\n')}\n`;
    for (let k = 0; k < 2; k++) {
      const res = await analyst.upload('/admin/performance/figures/import', {}, [{ field: 'file', filename: 'figures.csv', content: csv, type: 'text/csv' }]);
      expect(res.statusCode).toBe(302);
    }
    const m = await performance.service.getMeasure('answer-999');
    expect((await performance.service.figuresOf(m!)).length).toBe(6);
    const page = textOf((await t.anonymous().get('/performance/measures/answer-999')).body);
    expect(page).toContain('XmR');
    expect(page).toContain('not counts of events');
  });

  it('never removes figures: a header-only file is refused, and a shorter one leaves the periods it does not name as they were', async () => {
    // Issue 13 "imports never delete by accident": this import only adds and updates by measure and
    // period, so unlike the police.uk import it needs no confirmation (--replace) to be safe.
    const m = await performance.service.getMeasure('answer-999');
    const before = await performance.service.figuresOf(m!);
    expect(before.length).toBe(6);
    const upload = (content: string) =>
      analyst.upload('/admin/performance/figures/import', {}, [{ field: 'file', filename: 'figures.csv', content, type: 'text/csv' }]);
    const empty = await upload('measure,period,value,note\n');
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('The file has no rows of figures');
    expect(await performance.service.figuresOf(m!)).toEqual(before);
    const last = before[before.length - 1];
    expect((await upload(`measure,period,value,note\nanswer-999,${last.period},99,\n`)).statusCode).toBe(302);
    const after = await performance.service.figuresOf(m!);
    expect(after.map((f) => f.period)).toEqual(before.map((f) => f.period));
    expect(after.find((f) => f.period === last.period)!.value).toBe(99);
    expect((await upload(`measure,period,value,note\nanswer-999,${last.period},${last.value},\n`)).statusCode).toBe(302);
  });

  it('one figure and commentary entered through the measure page, both audited', async () => {
    const fig = await analyst.submit('/admin/performance/measures/answer-999/figures', { period: addMonths(months[months.length - 1], 1), value: '7.5' });
    expect(fig.statusCode).toBe(302);
    const bad = await analyst.submit('/admin/performance/measures/answer-999/figures', { period: '2032-13', value: '7' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    const c = await analyst.submit('/admin/performance/measures/answer-999/commentary', {
      period: '2031-Q4',
      body: 'Answer times <b>improved</b> after the new rota.',
    });
    expect(c.statusCode).toBe(302);
    const page = await analyst.get('/admin/performance/measures/answer-999');
    expect(page.body).toContain('Answer times &lt;b&gt;improved&lt;/b&gt;');
    const { rows } = await listAudit(t.db.db, { entityType: 'measure', limit: 100 });
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['measure.create', 'figures.import', 'figure.enter', 'commentary.write']) expect(actions, a).toContain(a);
    // The public page credits a person by name and role; a note saved before bylines were kept
    // (its author an e-mail address) names its writer too, never the address.
    await performance.service.writeCommentary(SYSTEM_ACTOR, 'answer-999', '2031-Q3', 'An older note.', analyst.userEmail!);
    const pub = textOf((await t.anonymous().get('/performance/measures/answer-999')).body);
    expect(pub).toMatch(/An older note\.\s*By Test analyst \d+, OPCC analyst, /);
    expect(pub).not.toContain('@');
  });
});

describe('public pages kept until the data changes', () => {
  it('serves the same HTML to anonymous visitors, and a figure entered by staff shows at once', async () => {
    const anon = t.anonymous();
    const first = await anon.get('/performance/measures/answer-999');
    expect(first.statusCode).toBe(200);
    const again = await anon.get('/performance/measures/answer-999');
    expect(again.body).toBe(first.body);
    const period = addMonths(months[months.length - 1], 2);
    const fig = await analyst.submit('/admin/performance/measures/answer-999/figures', { period, value: '6.25' });
    expect(fig.statusCode).toBe(302);
    const after = await anon.get('/performance/measures/answer-999');
    expect(textOf(after.body)).toContain('6.25');
    expect(after.body).not.toBe(first.body);
    // Signed-in people always get a fresh page with their own header.
    const staff = await analyst.get('/performance/measures/answer-999');
    expect(staff.body).toContain('Sign out');
    expect((await anon.get('/performance/measures/answer-999')).body).not.toContain('Sign out');
  });
});

describe('dashboards and the Panel report', () => {
  it('lists measures on the public dashboard and in the API', async () => {
    const res = await t.anonymous().get('/performance');
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body)).toContain('999 answer time');
    const api = await t.anonymous().get('/api/v1/performance/measures');
    const body = JSON.parse(api.body) as { data: { reference: string; significance: { pValue: number } | null }[] };
    expect(body.data.find((d) => d.reference === 'burglary-test')?.significance?.pValue).toBe(poissonRateTest(120, 12, 240, 12).pValue);
  });

  it('produces the quarterly report as HTML, Word and PDF', async () => {
    const panel = await t.signInAs('panel-member');
    const html = await panel.get('/admin/performance/report?quarter=2031-Q4');
    expect(html.statusCode).toBe(200);
    const text = textOf(html.body);
    expect(text).toContain('October to December 2031');
    expect(text).toContain('Answer times <b>improved</b>');
    expect(text).toContain('than the same months last year — a real fall, not chance');
    const docx = await panel.get('/admin/performance/report.docx?quarter=2031-Q4');
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await panel.get('/admin/performance/report.pdf?quarter=2031-Q4');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    expect((await t.anonymous().get('/admin/performance/report')).statusCode).toBe(302);
  });

  it('the your-area form asks for an area and refuses an unknown one', async () => {
    const form = await t.anonymous().get('/your-area');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="area"');
    const bad = await t.anonymous().get('/your-area?area=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
  });
});
