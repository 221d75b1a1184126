import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { listAudit } from '../../platform/audit.js';
import { CLEVELAND_SETTINGS } from '../../platform/demo.js';
import type { PlansModule } from '../plans/index.js';
import type { DeliveryModule } from './index.js';

let t: TestApp;
let plans: PlansModule['service'];
let delivery: DeliveryModule['service'];
let editor: Agent;
let leadA: Agent;
let leadB: Agent;
let dpId: string;
let actionA: string;
let actionB: string;
let planTree: NonNullable<Awaited<ReturnType<PlansModule['service']['getTree']>>>;

beforeAll(async () => {
  t = await buildTestApp();
  plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
  delivery = (t.modules.find((m) => m.name === 'delivery') as DeliveryModule).service;
  const { plan } = await plans.importPlan(SYSTEM_ACTOR, readFileSync('test/fixtures/delivery/test-plan.yaml', 'utf8'));
  planTree = (await plans.getTree(plan.id))!;
  editor = await t.signInAs('editor');
  leadA = await t.signInAs('force-lead', { email: 'lead-a@test.openpcc.test', organisation: 'Test Police' });
  leadB = await t.signInAs('force-lead', { email: 'lead-b@test.openpcc.test', organisation: 'Test Police' });
  const a = (await t.platform.users.findByEmail('lead-a@test.openpcc.test'))!;
  const b = (await t.platform.users.findByEmail('lead-b@test.openpcc.test'))!;
  const dp = await delivery.createPlan(SYSTEM_ACTOR, { planId: plan.id, startYear: 2025 });
  dpId = dp.id;
  const p1 = planTree.priorities[0];
  actionA = (
    await delivery.createAction(SYSTEM_ACTOR, dp.id, {
      reference: 'A1',
      title: 'Action owned by A',
      priorityId: p1.id,
      commitmentId: p1.commitments[0].id,
      ownerId: a.id,
      leadOrganisation: 'Test Police',
      weight: 3,
      areaCodes: ['E06000001'],
    })
  ).id;
  actionB = (
    await delivery.createAction(SYSTEM_ACTOR, dp.id, {
      reference: 'A2',
      title: 'Action owned by B',
      priorityId: p1.id,
      ownerId: b.id,
      leadOrganisation: 'OPCC',
      progress: 100,
      status: 'complete',
    })
  ).id;
});
afterAll(async () => {
  await t?.close();
});

describe('owner → approver → public', () => {
  it('shows a force lead only their own actions', async () => {
    const res = await leadA.get('/admin/delivery/my-actions');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Action owned by A');
    expect(text).not.toContain('Action owned by B');
  });

  it('lets the owner post an update with a file, which is not public until approved', async () => {
    const page = await leadA.get(`/admin/delivery/actions/${actionA}`);
    expect(page.body).toContain('Post an update');
    const res = await leadA.upload(
      `/admin/delivery/actions/${actionA}/updates`,
      {
        asOf: '2025-07-08',
        narrative: 'Hotspot patrols <b>started</b> in all wards.',
        status: 'on-track',
        progress: '40',
        evidenceLinks: 'https://example.org/report',
      },
      [{ field: 'evidence', filename: 'patrols.pdf', content: '%PDF-1.4 evidence', type: 'application/pdf' }],
    );
    expect(res.statusCode).toBe(302);
    const anon = t.anonymous();
    const pub = await anon.get('/delivery/test-2024-29-fy-2025-26/actions/A1');
    expect(pub.statusCode).toBe(200);
    expect(textOf(pub.body)).not.toContain('Hotspot patrols');
    const found = (await delivery.getAction(actionA, { publicOnly: false }))!;
    expect(found.updates[0].state).toBe('pending');
    expect((await anon.get(`/delivery/files/${found.updates[0].files[0].id}`)).statusCode).toBe(404);
  });

  it('shows a form error and keeps what was typed', async () => {
    const res = await leadA.upload(
      `/admin/delivery/actions/${actionA}/updates`,
      { asOf: '2025-13-45', narrative: 'Kept text', status: 'on-track', progress: '140' },
      [],
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Kept text');
    expect(textOf(res.body)).toMatch(/Progress must be 100 or less/);
  });

  it('refuses an update by a force lead who does not own the action, and saves nothing', async () => {
    const before = (await delivery.getAction(actionB, { publicOnly: false }))!.updates.length;
    const res = await leadA.upload(
      `/admin/delivery/actions/${actionB}/updates`,
      { asOf: '2025-07-08', narrative: 'Not mine', status: 'on-track', progress: '10' },
      [],
    );
    expect(res.statusCode).toBe(403);
    await expect(
      delivery.postUpdate({ id: (await t.platform.users.findByEmail('lead-a@test.openpcc.test'))!.id, label: 'a', role: 'force-lead' }, actionB, {
        asOf: '2025-07-08',
        narrative: 'x',
        status: 'on-track',
        progress: 1,
      }),
    ).rejects.toMatchObject({ statusCode: 403 });
    expect((await delivery.getAction(actionB, { publicOnly: false }))!.updates.length).toBe(before);
    // and a force lead cannot approve
    const pending = (await delivery.getAction(actionA, { publicOnly: false }))!.updates[0];
    expect((await leadB.submit(`/admin/delivery/updates/${pending.id}/approve`, {})).statusCode).toBe(403);
  });

  it('lets an editor approve it; the public action page then shows it with its file', async () => {
    const queue = await editor.get('/admin/delivery/reviews');
    expect(textOf(queue.body)).toContain('A1: Action owned by A');
    const pending = (await delivery.getAction(actionA, { publicOnly: false }))!.updates[0];
    const res = await editor.submit(`/admin/delivery/updates/${pending.id}/approve`, {});
    expect(res.statusCode).toBe(302);
    const anon = t.anonymous();
    const pub = await anon.get('/delivery/test-2024-29-fy-2025-26/actions/A1');
    const text = textOf(pub.body);
    expect(text).toContain('Hotspot patrols <b>started</b> in all wards.'); // escaped, not markup
    expect(pub.body).not.toContain('<b>started</b>');
    expect(text).toContain('patrols.pdf');
    expect(text).toMatch(/On track/);
    const file = await anon.get(`/delivery/files/${pending.files[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe('%PDF-1.4 evidence');
    // the action took the approved status and progress
    expect((await delivery.getAction(actionA, { publicOnly: true }))!.action.progress).toBe(40);
  });

  it('rejects an update only with a reason', async () => {
    const u = await delivery.postUpdate({ id: null, label: 'system', role: 'editor' }, actionB, {
      asOf: '2025-08-01',
      narrative: 'Second',
      status: 'complete',
      progress: 100,
    });
    const noReason = await editor.submit(`/admin/delivery/updates/${u.id}/reject`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(textOf(noReason.body)).toContain('Enter the reason for rejecting the update');
    expect((await editor.submit(`/admin/delivery/updates/${u.id}/reject`, { reason: 'No evidence' })).statusCode).toBe(302);
    const found = (await delivery.getAction(actionB, { publicOnly: false }))!;
    expect(found.updates.find((x) => x.id === u.id)).toMatchObject({ state: 'rejected', rejectionReason: 'No evidence' });
    const audit = await t.platform.database.db.execute(`select action, summary from audit_log where entity_id = '${u.id}' order by id`);
    expect(((audit as unknown as { rows: { action: string }[] }).rows ?? []).map((r) => r.action)).toEqual([
      'delivery-update.create',
      'delivery-update.reject',
    ]);
  });
  it('lists overdue work for its owner only', async () => {
    t.clock.set('2026-05-01'); // the 2025/26 year has ended, and A1 has no update for its last quarter
    onTestFinished(() => t.clock.reset());
    const text = textOf((await leadA.get('/admin/delivery/overdue')).body);
    expect(text).toContain('A1: Action owned by A');
    expect(text).not.toContain('Action owned by B');
    expect((await leadA.get('/admin/delivery/due')).statusCode).toBe(200);
  });
});

describe('staff forms', () => {
  it('adds a delivery plan and an action, showing GOV.UK errors and keeping what was typed', async () => {
    const plan = (await plans.getTreeByReference('test-2024-29'))!;
    const bad = await editor.submit('/admin/delivery/plans', { planId: plan.id, startYear: '1999' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('There is a problem Enter a year from 2000');
    const outside = await editor.submit('/admin/delivery/plans', { planId: plan.id, startYear: '2035' });
    expect(outside.statusCode).toBe(422);
    const ok = await editor.submit('/admin/delivery/plans', { planId: plan.id, startYear: '2026' });
    expect(ok.statusCode).toBe(302);
    const dpUrl = ok.headers.location as string;
    const dp = await delivery.getDeliveryPlan('test-2024-29-fy-2026-27');
    expect(dpUrl).toBe(`/admin/delivery/plans/${dp.id}`);
    const invalid = await editor.submit(`/admin/delivery/plans/${dp.id}/actions`, {
      title: 'Typed title',
      priority: '',
      status: 'on-track',
      progress: '10',
      startDate: '2026-05-01',
      dueDate: '2026-04-01',
    });
    expect(invalid.statusCode).toBe(400);
    const text = textOf(invalid.body);
    expect(text).toContain('Select what the action serves');
    expect(text).toContain('The due date must be on or after the start date');
    expect(invalid.body).toContain('value="Typed title"');
    const created = await editor.submit(`/admin/delivery/plans/${dp.id}/actions`, {
      title: 'Typed title',
      priority: `c:${plan.priorities[0].commitments[1].id}`,
      status: 'on-track',
      progress: '10',
      weight: '2',
      areaCodes: 'E06000004',
    });
    expect(created.statusCode).toBe(302);
    const page = textOf((await editor.get(created.headers.location as string)).body);
    expect(page).toContain('A1: Typed title');
    expect(page).toContain('P1-C2: Tackle burglary');
    const history = await t.platform.database.db.execute(`select action from audit_log where action like 'delivery-%' order by id`);
    const actions = ((history as unknown as { rows: { action: string }[] }).rows ?? []).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['delivery-plan.create', 'delivery-action.create']));
    // force leads cannot add actions
    expect(
      (await leadA.submit(`/admin/delivery/plans/${dp.id}/actions`, { title: 'x', priority: `p:${plan.priorities[0].id}`, status: 'on-track', progress: '0' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('roll-up', () => {
  it('shows the weighted mean on the priority page with its formula and weights', async () => {
    // P1: A1 weight 3 at 40%, A2 no weight (1) at 100% → (3×40 + 1×100) / 4 = 55
    const res = await t.anonymous().get('/delivery/test-2024-29-fy-2025-26/priorities/P1');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('55%');
    expect(text).toContain('(3 × 40 + 1 × 100) ÷ 4 = 55%');
    expect(text).toContain('Σ (weight × progress) ÷ Σ weight');
    const empty = textOf((await t.anonymous().get('/delivery/test-2024-29-fy-2025-26/priorities/P3')).body);
    expect(empty).toContain('No actions');
    const api = JSON.parse((await t.anonymous().get('/api/v1/delivery/plans/test-2024-29-fy-2025-26')).body);
    expect(api.data.priorities.map((p: { rollup: { value: number | null } }) => p.rollup.value)).toEqual([55, null, null]);
    expect(api.data.priorities[0].commitments[0].rollup.value).toBe(40);
  });

  it('filters the public progress page by status and organisation', async () => {
    const text = textOf((await t.anonymous().get('/delivery/test-2024-29-fy-2025-26?status=complete')).body);
    expect(text).toContain('Action owned by B');
    expect(text).not.toContain('Action owned by A');
    const byOrg = textOf((await t.anonymous().get('/delivery/test-2024-29-fy-2025-26?organisation=Test%20Police')).body);
    expect(byOrg).toContain('Action owned by A');
    expect(byOrg).not.toContain('Action owned by B');
  });

  it('gives other modules public actions by area and by priority', async () => {
    expect((await delivery.actionsForArea('E06000001')).map((a) => a.reference)).toEqual(['A1']);
    expect(
      (await delivery.listPublicActions({ priorityId: planTree.priorities[0].id }))
        .filter((a) => a.deliveryPlanReference === 'test-2024-29-fy-2025-26')
        .map((a) => a.reference)
        .sort(),
    ).toEqual(['A1', 'A2']);
    const csv = (await t.anonymous().get('/delivery/actions.csv')).body;
    expect(csv.split('\n')[0]).toContain('delivery_plan,reference,title');
    const doc = JSON.parse((await t.anonymous().get('/api/v1/openapi.json')).body);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/delivery/plans', '/api/v1/delivery/actions', '/api/v1/delivery/actions/{id}']));
  });
});

describe('CSV import', () => {
  const header = 'reference,title,priority,commitment,owner_email,start_date,due_date,status,progress';
  const row = (n: number, due = '2026-03-31') => `C${n},Imported action ${n},P1,P1-C2,lead-b@test.openpcc.test,2025-04-01,${due},on track,${n * 10}`;

  it('refuses a file with a bad date on line 7, naming line 7, and changes nothing', async () => {
    const before = await editor.get(`/admin/delivery/plans/${dpId}/actions.csv`);
    const text = [header, row(1), row(2), row(3), row(4), row(5), row(6, '2026-02-31'), row(7)].join('\n');
    const res = await editor.upload(`/admin/delivery/plans/${dpId}/import`, { kind: 'actions' }, [
      { field: 'csv', filename: 'actions.csv', content: text, type: 'text/csv' },
    ]);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('Line 7, column 7 (due_date): "2026-02-31" is not a date');
    const after = await editor.get(`/admin/delivery/plans/${dpId}/actions.csv`);
    expect(after.body).toBe(before.body);
  });

  it('imports by reference, and a second import changes rather than duplicates', async () => {
    const text = [header, row(1), row(2)].join('\n');
    const first = await editor.upload(`/admin/delivery/plans/${dpId}/import`, { kind: 'actions' }, [{ field: 'csv', filename: 'a.csv', content: text }]);
    expect(first.statusCode).toBe(302);
    const again = [header, row(1).replace('Imported action 1', 'Renamed action 1'), row(2)].join('\n');
    expect(
      (await editor.upload(`/admin/delivery/plans/${dpId}/import`, { kind: 'actions' }, [{ field: 'csv', filename: 'a.csv', content: again }])).statusCode,
    ).toBe(302);
    const csv = (await editor.get(`/admin/delivery/plans/${dpId}/actions.csv`)).body;
    expect(csv.match(/^C1,/gm)).toHaveLength(1);
    expect(csv).toContain('Renamed action 1');
    const updates = 'action_reference,reference,as_of,narrative,status,progress,state\nC1,U1,2025-07-01,Imported update,at risk,15,approved\n';
    expect(
      (await editor.upload(`/admin/delivery/plans/${dpId}/import`, { kind: 'updates' }, [{ field: 'csv', filename: 'u.csv', content: updates }])).statusCode,
    ).toBe(302);
    expect((await editor.get(`/admin/delivery/plans/${dpId}/updates.csv`)).body).toContain('C1,U1,2025-07-01,Imported update,at-risk,15');
  });

  it('refuses imports from force leads', async () => {
    const res = await leadA.upload(`/admin/delivery/plans/${dpId}/import`, { kind: 'actions' }, [{ field: 'csv', filename: 'a.csv', content: header }]);
    expect(res.statusCode).toBe(403);
  });
});

function readZipEntry(buf: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.readEntry();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in the zip`)));
    });
  });
}

describe('reports from the Cleveland seed', () => {
  let dp1314: string;
  beforeAll(async () => {
    await plans.importPlan(SYSTEM_ACTOR, readFileSync('seeds/plans/cleveland-2013-16.yaml', 'utf8'));
    await plans.importPlan(SYSTEM_ACTOR, readFileSync('seeds/plans/cleveland-2014-17.yaml', 'utf8'));
    await (t.modules.find((m) => m.name === 'delivery') as DeliveryModule).loadDemo!();
    await t.platform.settings.setArea(SYSTEM_ACTOR, { ...CLEVELAND_SETTINGS, voice: 'we', electedHeadTitle: 'Mayor' });
    dp1314 = (await delivery.getDeliveryPlan('cleveland-2013-16-fy-2013-14')).id;
  });

  it('turns the seed into the 2013/14 and 2014/15 delivery plans (34 planned actions)', async () => {
    const v1415 = await delivery.planView('cleveland-2014-17-fy-2014-15', { publicOnly: true });
    expect(v1415.actions).toHaveLength(34);
    const v1314 = await delivery.planView(dp1314, { publicOnly: true });
    expect(v1314.actions.every((a) => a.status === 'complete')).toBe(true);
    expect(v1314.actions.some((a) => (a.description ?? '').includes('£39,000 to 46 community-led projects'))).toBe(true);
  });

  it('writes the annual report 2013/14 → 2014/15 as HTML, Word and PDF in the area’s voice', async () => {
    const html = textOf((await editor.get(`/admin/delivery/plans/${dp1314}/annual`)).body);
    expect(html).toContain('In 2013/14 we have:');
    expect(html).toContain('In 2014/15 we will:');
    expect(html).toContain('Introduction by the Mayor');

    const docx = await editor.get(`/admin/delivery/plans/${dp1314}/annual?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = await readZipEntry(docx.rawPayload, 'word/document.xml');
    expect(xml).toContain('In 2013/14 we have:');
    expect(xml).toContain('In 2014/15 we will:');
    expect(xml).toContain('£39,000 to 46 community-led projects'); // an achievement of 2013
    expect(xml).toContain('Increase the number of Special Constables to 200'); // a planned action for 2014/15

    const pdf = await editor.get(`/admin/delivery/plans/${dp1314}/annual?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    const buf = pdf.rawPayload;
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'delivery-pdf-'));
    writeFileSync(join(dir, 'report.pdf'), buf);
    if (existsSync('/usr/bin/pdftoppm')) {
      execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', join(dir, 'report.pdf'), join(dir, 'page')]);
      const png = readFileSync(join(dir, 'page-1.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(1000);
    } else {
      const pages = buf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages.length).toBeGreaterThan(1);
    }
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('pdftotext', [join(dir, 'report.pdf'), '-']).toString();
      expect(text).toContain('we have');
      expect(text.replace(/\s+/g, ' ')).toContain('Special Constables to 200');
    }
  });

  it('the elected head publishes the annual report on the public site: the same content as HTML, Word and PDF, linked from the plan pages', async () => {
    const publicUrl = '/delivery/cleveland-2013-16-fy-2013-14/annual-report';
    const anon = t.anonymous();
    const commissioner = await t.signInAs('commissioner');
    const page = `/admin/delivery/plans/${dp1314}/annual`;
    const publication = `${page}/publication`;
    // The demo published it; take it off, and the public pages no longer have it.
    expect((await anon.get(publicUrl)).statusCode).toBe(200);
    expect((await editor.submit(publication, { publish: 'no' })).statusCode).toBe(403);
    expect((await anon.submit(publication, { publish: 'no' })).statusCode).not.toBe(303);
    const bad = await commissioner.submit(publication, { publish: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('There is a problem Choose whether to publish the annual report');
    const off = await commissioner.submit(publication, { publish: 'no' });
    expect(off.statusCode).toBe(303);
    expect(off.headers.location).toBe(page);
    for (const url of [publicUrl, `${publicUrl}.docx`, `${publicUrl}.pdf`]) expect((await anon.get(url)).statusCode, url).toBe(404);
    expect(textOf((await commissioner.get(page)).body)).toContain('Not published: only staff can see this annual report.');
    expect((await anon.get('/plans/cleveland-2013-16')).body).not.toContain(publicUrl);
    expect((await anon.get('/delivery/cleveland-2013-16-fy-2013-14')).body).not.toContain(publicUrl);

    // Publish it again.
    expect((await editor.get(page)).body).not.toContain('Publish the annual report on the public site');
    expect((await commissioner.get(page)).body).toContain('Publish the annual report on the public site');
    expect((await commissioner.submit(publication, { publish: 'yes' })).statusCode).toBe(303);
    const res = await anon.get(publicUrl);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    for (const s of [
      'Annual report 2013/14',
      'Introduction by the Mayor',
      'In 2013/14 we have:',
      'In 2014/15 we will:',
      '£39,000 to 46 community-led projects',
      'Increase the number of Special Constables to 200',
    ])
      expect(text).toContain(s);
    expect(text).toMatch(/Published \d{1,2} \w+ \d{4}/);
    const docx = await anon.get(`${publicUrl}.docx`);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(await readZipEntry(docx.rawPayload, 'word/document.xml')).toContain('In 2013/14 we have:');
    expect((await anon.get(`${publicUrl}.pdf`)).rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(textOf((await commissioner.get(page)).body)).toMatch(/Published on the public site on \d{1,2} \w+ \d{4}/);

    // Linked from the public plan page, the public progress pages and the staff plan page.
    const plan = await anon.get('/plans/cleveland-2013-16');
    expect(plan.body).toContain(`href="${publicUrl}"`);
    expect(plan.body).toContain('href="/delivery/cleveland-2013-16-fy-2013-14"');
    expect(textOf(plan.body)).toContain('Progress and annual reports');
    expect((await anon.get('/delivery/cleveland-2013-16-fy-2013-14')).body).toContain(`href="${publicUrl}"`);
    expect((await anon.get('/delivery')).body).toContain(`href="${publicUrl}"`);
    const planId = (await plans.getTreeByReference('cleveland-2013-16'))!.id;
    const staffPlan = await editor.get(`/admin/plans/${planId}`);
    expect(staffPlan.body).toContain(`href="${page}"`);
    expect(textOf(staffPlan.body)).toContain('Delivery plans and annual reports');

    const audit = await listAudit(t.db.db, { entityType: 'delivery-plan' });
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['delivery-plan.annual-report-publish', 'delivery-plan.annual-report-withdraw']));
  });

  it('refuses to publish the annual report of a plan that is not published; its pages stay private', async () => {
    const draft = await plans.create(SYSTEM_ACTOR, {
      reference: 'draft-annual',
      title: 'Draft plan',
      termStart: '2026-04-01',
      termEnd: '2029-03-31',
      priorityLabel: 'Priority',
    });
    const dp = await delivery.createPlan(SYSTEM_ACTOR, { planId: draft.id, startYear: 2026 });
    const commissioner = await t.signInAs('commissioner');
    const res = await commissioner.submit(`/admin/delivery/plans/${dp.id}/annual/publication`, { publish: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('publish the plan before its annual report');
    expect((await t.anonymous().get(`/delivery/${dp.reference}/annual-report`)).statusCode).toBe(404);
  });

  it('writes the quarterly executive summary with RAG counts, as Word and PDF too', async () => {
    const res = await editor.get(`/admin/delivery/plans/${dpId}/quarterly?period=2025-26-Q2`);
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Quarter 2: July to September 2025');
    expect(text).toContain('RAG status of actions by priority');
    expect((await editor.submit(`/admin/delivery/plans/${dpId}/commentary/2025-26-Q2`, { priorityId: '', body: 'A steady quarter.' })).statusCode).toBe(302);
    expect(textOf((await editor.get(`/admin/delivery/plans/${dpId}/quarterly?period=2025-26-Q2`)).body)).toContain('A steady quarter.');
    expect((await editor.get(`/admin/delivery/plans/${dpId}/quarterly?period=2025-26-Q2&format=docx`)).statusCode).toBe(200);
    const pdf = await editor.get(`/admin/delivery/plans/${dpId}/quarterly?period=2025-26-Q2&format=pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('configurable statuses', () => {
  it('lets an editor rename a status and change its RAG colour; the public pages and API follow', async () => {
    const form: Record<string, string> = {};
    for (const s of (await delivery.catalogue()).list) {
      form[`label-${s.key}`] = s.label;
      form[`rag-${s.key}`] = s.rag;
    }
    const bad = await editor.submit('/admin/delivery/statuses', { ...form, 'label-on-track': '' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Enter a label');
    expect((await leadA.submit('/admin/delivery/statuses', form)).statusCode).toBe(403);
    expect((await editor.submit('/admin/delivery/statuses', { ...form, 'label-on-track': 'Going well', 'rag-on-track': 'green' })).statusCode).toBe(302);
    const pub = textOf((await t.anonymous().get('/delivery/test-2024-29-fy-2025-26/actions/A1')).body);
    expect(pub).toContain('Going well');
    const api = JSON.parse((await t.anonymous().get('/api/v1/delivery/actions?status=on-track')).body);
    // STATUS_RULE: an on-track action past its due date shows "Overdue", never the on-track label.
    const today = new Date().toISOString().slice(0, 10);
    const shown = api.data.map((a: { statusLabel: string; dueDate: string | null }) => [
      a.statusLabel,
      a.dueDate && a.dueDate < today ? 'Overdue' : 'Going well',
    ]);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every(([label, rule]: string[]) => label === rule)).toBe(true);
  });
});
