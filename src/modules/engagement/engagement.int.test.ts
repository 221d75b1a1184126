import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { CLEVELAND_SETTINGS } from '../../platform/demo.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { EngagementModule } from './index.js';
import { createEngagementService } from './engagementService.js';
import { youSaidWeDidView } from './presenters/youSaidWeDid.js';
import { rng, syntheticAnswers } from './synthetic.js';
import type { SurveyDefinition } from './surveyDefinition.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'engagement');
const XSS = readFileSync(join(FIXTURES, 'xss-payloads.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

let t: TestApp;
let engagement: EngagementModule;
const OPEN = '/consultations/community-safety-survey';

beforeAll(async () => {
  t = await buildTestApp();
  await t.platform.settings.setArea(SYSTEM_ACTOR, CLEVELAND_SETTINGS);
  for (const name of ['plans', 'geography', 'engagement']) {
    const m = t.modules.find((x) => x.name === name);
    if (name !== 'geography' || process.env.ENGAGEMENT_TEST_GEOGRAPHY) await m?.loadDemo?.();
  }
  engagement = t.modules.find((m) => m.name === 'engagement') as EngagementModule;
});
afterAll(async () => {
  await t?.close();
});

/** Answers the open demo survey as a member of the public; returns the last response. */
async function respond(agent: Agent, safer: string, opts: { skipArea?: boolean; website?: string } = {}) {
  let res = await agent.submit(`${OPEN}/respond`, { consent: 'yes' }, { tokenFrom: `${OPEN}/respond` });
  expect(res.statusCode).toBe(303);
  res = await agent.submit(
    `${OPEN}/respond/your-area`,
    { area: opts.skipArea ? '' : 'E06000002', feel_safe: 'Fairly safe', victim: 'Yes' },
    { tokenFrom: `${OPEN}/respond/your-area` },
  );
  if (opts.skipArea) return { res, check: res };
  expect(res.headers.location).toBe(`${OPEN}/respond/priorities`);
  const ranks: Record<string, string> = {};
  for (let i = 0; i < 6; i++) ranks[`priority_rank__${i}`] = String(((i + 2) % 6) + 1);
  res = await agent.submit(`${OPEN}/respond/priorities`, { ...ranks, safer }, { tokenFrom: `${OPEN}/respond/priorities` });
  expect(res.headers.location).toBe(`${OPEN}/respond/your-experience`);
  res = await agent.submit(`${OPEN}/respond/your-experience`, { reported: 'No', confidence: 'Agree' }, { tokenFrom: `${OPEN}/respond/your-experience` });
  res = await agent.submit(`${OPEN}/respond/about-you`, { age: '25 to 34' }, { tokenFrom: `${OPEN}/respond/about-you` });
  expect(res.headers.location).toBe(`${OPEN}/respond/check`);
  const check = await agent.get(`${OPEN}/respond/check`);
  res = await agent.submit(`${OPEN}/respond/check`, { email: '', website: opts.website ?? '' }, { tokenFrom: `${OPEN}/respond/check` });
  return { res, check };
}

describe('the public response flow', () => {
  it('lists open, forthcoming and closed consultations, with the published extension reason', async () => {
    const hub = await t.anonymous().get('/consultations');
    expect(hub.statusCode).toBe(200);
    expect(textOf(hub.body)).toContain('Community safety survey (demonstration)');
    expect(textOf(hub.body)).toContain('Police and Crime Plan 2024–29 consultation');
    const page = await t.anonymous().get('/consultations/plan-2024-consultation');
    expect(textOf(page.body)).toContain('Extended by four weeks following the disorder');
    expect(textOf(page.body)).toContain('Victim/survivor focus groups');
    const y2021 = await t.anonymous().get('/consultations/plan-2021-summer-consultation');
    expect(textOf(y2021.body)).toMatch(/31 July 2021 to 15 August 2021/);
  });

  it('stores a response in one go and acknowledges it with a reference', async () => {
    const agent = t.anonymous();
    const { res, check } = await respond(agent, 'More patrols near the park please');
    expect(textOf(check.body)).toContain('More patrols near the park please');
    expect(textOf(check.body)).toContain('Middlesbrough');
    expect(res.statusCode).toBe(303);
    const ref = String(res.headers.location).split('/').pop()!;
    expect(ref).toMatch(/^EN-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const stored = await engagement.service.responseByReference(ref);
    expect(stored?.answers.safer).toBe('More patrols near the park please');
    expect(stored?.answers.reported).toBe('No');
    expect(stored?.areaCode).toBe('E06000002');
    const confirmation = await agent.get(String(res.headers.location));
    expect(textOf(confirmation.body)).toContain(ref);
  });

  it('shows the GOV.UK error summary for an empty required answer and keeps the other answers', async () => {
    const agent = t.anonymous();
    const { res } = await respond(agent, '', { skipArea: true });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('href="#area"');
    expect(res.body).toMatch(/<input[^>]*value="Fairly safe"[^>]*checked/);
    expect(res.body).toMatch(/<title>Error:/);
  });

  it('keeps a skip-conditioned question out when its condition is not met', async () => {
    const agent = t.anonymous();
    await agent.submit(`${OPEN}/respond`, { consent: 'yes' }, { tokenFrom: `${OPEN}/respond` });
    await agent.submit(`${OPEN}/respond/your-area`, { area: 'E06000001', feel_safe: 'Very safe', victim: 'No' }, { tokenFrom: `${OPEN}/respond/your-area` });
    const page = await agent.get(`${OPEN}/respond/your-experience`);
    expect(page.body).not.toContain('Did you report the crime');
  });

  it('discards a response whose honeypot was filled, without acknowledging it', async () => {
    const before = (await engagement.service.responsesOfFamily(await liveSurveyId())).length;
    const { res } = await respond(t.anonymous(), 'buy cheap pills', { website: 'http://spam.example' });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect((await engagement.service.responsesOfFamily(await liveSurveyId())).length).toBe(before);
  });
});

async function liveSurveyId() {
  const c = await engagement.service.consultationByReference('community-safety-survey');
  return c!.liveSurvey!.id;
}

describe('untrusted free text', () => {
  it('shows every XSS payload as text on each staff and public page that shows it', async () => {
    const editor = await t.signInAs('editor');
    const c = await engagement.service.consultationByReference('community-safety-survey');
    const pages: string[] = [];
    for (const payload of XSS) {
      const agent = t.anonymous();
      const { res, check } = await respond(agent, payload);
      pages.push(check.body); // public: check your answers
      const ref = String(res.headers.location).split('/').pop()!;
      const stored = await engagement.service.responseByReference(ref);
      pages.push((await editor.get(`/admin/engagement/responses/${stored!.id}`)).body); // staff: the response
      await editor.submit(`/admin/engagement/consultations/${c!.id}/quotations`, { text: payload, responseId: stored!.id });
    }
    // staff: the coding queue, the quotations; the log with a payload as its title
    pages.push((await editor.get(`/admin/engagement/surveys/${c!.liveSurvey!.id}/coding/safer`)).body);
    for (const q of await engagement.service.quotations(c!.id)) await engagement.service.setQuotationPublished(SYSTEM_ACTOR, q.id, true);
    pages.push((await editor.get(`/admin/engagement/consultations/${c!.id}/quotations`)).body);
    for (const payload of XSS.slice(0, 3)) {
      await editor.submit('/admin/engagement/log', {
        heldOn: `${new Date().getUTCFullYear()}-01-15`,
        type: 'public-meeting',
        title: payload,
        issuesRaised: payload,
        wardName: payload,
      });
    }
    pages.push((await editor.get('/admin/engagement/log')).body);
    // public: "you said, we did" with the published quotations
    await engagement.service.setStage(SYSTEM_ACTOR, c!.id, 'closed');
    await engagement.service.setStage(SYSTEM_ACTOR, c!.id, 'analysed');
    await engagement.service.setStage(SYSTEM_ACTOR, c!.id, 'feedback-published', 'Thank you.');
    pages.push((await t.anonymous().get(`${OPEN}/you-said-we-did`)).body);

    for (const html of pages) {
      expect(
        XSS.some((p) => textOf(html).includes(p)),
        'the page shows the submitted text',
      ).toBe(true);
      const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
      expect(main).not.toMatch(/<script>alert|<img src=x|onerror=alert\(1\)>|<svg onload|<\/textarea><script/i);
      expect(main).not.toMatch(/href="javascript:/i);
      expect(main).not.toContain('>49<');
    }
    const ysd = pages[pages.length - 1];
    for (const payload of XSS) expect(textOf(ysd)).toContain(payload);
    expect(ysd).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(ysd).toContain('{{7*7}}');
  });
});

describe('coding and suggested codes', () => {
  it('after an analyst codes 20 answers, suggestions for the rest beat chance on the held-back coded answers', async () => {
    const s = engagement.service;
    const c = await s.createConsultation(SYSTEM_ACTOR, {
      reference: 'coding-test',
      title: 'Coding test',
      purpose: '',
      audience: '',
      areas: '',
      opensOn: '2025-01-01',
      closesOn: '2025-02-01',
    });
    const def: SurveyDefinition = {
      intro: '',
      privacyNotice: '',
      sections: [{ id: 'views', title: 'Views', questions: [{ id: 'safer', type: 'text', label: 'What would make you safer?', required: true }] }],
    };
    const survey = await s.createSurvey(SYSTEM_ACTOR, c.id, 'Coding test', def);
    await s.publishSurvey(SYSTEM_ACTOR, survey.id);
    const r = rng(99);
    const rows = Array.from({ length: 120 }, () => syntheticAnswers(def, r, []));
    const stored = await s.addSynthetic(
      SYSTEM_ACTOR,
      survey.id,
      rows.map((x) => ({ answers: x.answers, channel: 'online' as const, submittedAt: new Date('2025-01-10') })),
    );
    const truth = new Map(stored.map((x) => [x.id, rows[x.index].textThemes.safer]));
    const labels = [...new Set(rows.flatMap((x) => x.textThemes.safer))];
    const ids = new Map<string, string>();
    for (const label of labels) ids.set(label, (await s.addTheme(SYSTEM_ACTOR, c.id, { label, description: '' })).id);

    const analyst = await t.signInAs('analyst');
    for (const x of stored.slice(0, 20)) {
      const res = await analyst.submit(`/admin/engagement/responses/${x.id}/code/safer`, {
        themeIds: truth.get(x.id)!.map((l) => ids.get(l)!),
        note: 'coded in test',
      });
      expect(res.statusCode).toBe(303);
    }
    const page = await analyst.get(`/admin/engagement/surveys/${survey.id}/coding/safer`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Suggested:');

    const queue = await s.codingQueue(survey.id, 'safer');
    expect(queue.codedCount).toBe(20);
    const heldBack = queue.items.filter((i) => !i.codes.length);
    expect(heldBack.length).toBe(100);
    const byLabel = new Map([...ids].map(([l, id]) => [id, l]));
    let hits = 0;
    const counts = new Map<string, number>();
    for (const x of stored.slice(0, 20)) for (const l of truth.get(x.id)!) counts.set(l, (counts.get(l) ?? 0) + 1);
    const majority = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    let majorityHits = 0;
    for (const i of heldBack) {
      const real = truth.get(i.response.id)!;
      if (i.suggestions[0] && real.includes(byLabel.get(i.suggestions[0].code)!)) hits++;
      if (real.includes(majority)) majorityHits++;
    }
    const accuracy = hits / heldBack.length;
    const random = heldBack.reduce((sum, i) => sum + truth.get(i.response.id)!.length / labels.length, 0) / heldBack.length;
    expect(accuracy).toBeGreaterThan(majorityHits / heldBack.length + 0.15);
    expect(accuracy).toBeGreaterThan(random + 0.15);
    // Who coded what is kept.
    const detail = await s.responseDetail(stored[0].id);
    expect(detail!.codes[0].codedBy).toBe(analyst.userEmail);
    expect(detail!.notes[0].note).toBe('coded in test');
  });
});

describe('you said, we did', () => {
  it('shows themes linked to priorities on the public page', async () => {
    const res = await t.anonymous().get('/consultations/plan-2024-consultation/you-said-we-did');
    expect(res.statusCode).toBe(200);
    const text = textOf(res.body);
    expect(text).toContain('Women and girls');
    expect(text).toContain('P3: Improve safety for women and girls');
    expect(text).toContain('Safety for women and girls became a priority of its own.');
    expect(text).toMatch(/synthetic/i);
  });

  it('lists the delivery actions of the linked priorities, given the delivery service', async () => {
    const calls: unknown[] = [];
    const service = createEngagementService(t.platform.database, t.platform.settings, {
      plans: engagement.service.deps.plans,
      actions: {
        listPublicActions: async (f) => {
          calls.push(f);
          return f.priorityId
            ? [
                {
                  id: `a-${f.priorityId}`,
                  reference: 'A1',
                  title: 'Street lighting audit with councils',
                  statusLabel: 'In progress',
                  url: '/delivery/actions/A1',
                },
              ]
            : [];
        },
      },
    });
    const c = await service.consultationByReference('plan-2024-consultation');
    const view = youSaidWeDidView(await service.youSaidWeDid(c!.id));
    const women = view.themes.find((x) => x.label === 'Women and girls')!;
    expect(women.priorities.map((p) => p.text)).toContain('P3: Improve safety for women and girls');
    expect(women.actions).toEqual([{ text: 'A1: Street lighting audit with councils', status: 'In progress', href: '/delivery/actions/A1' }]);
    const html = await t.app.view('engagement/views/public/you-said-we-did.njk', { title: 'x', ...view });
    expect(textOf(html)).toContain('Actions being delivered A1: Street lighting audit with councils (In progress)');
    expect(calls.length).toBeGreaterThan(0);
  });
});

describe('staff: survey builder, offline responses, analysis, export, permissions', () => {
  it('refuses a breaking change to a survey with responses and offers a new version', async () => {
    const editor = await t.signInAs('editor');
    const c = await engagement.service.consultationByReference('plan-2024-consultation');
    const survey = c!.liveSurvey!;
    const res = await editor.submit(`/admin/engagement/surveys/${survey.id}/questions/safer/delete`, {});
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('needs a new version');
    const ok = await editor.submit(`/admin/engagement/surveys/${survey.id}/questions`, {
      sectionId: 'your-area',
      type: 'text',
      label: 'Anything else?',
      options: '',
    });
    expect(ok.statusCode).toBe(303);
    const v = await editor.submit(`/admin/engagement/surveys/${survey.id}/version`, {});
    expect(v.statusCode).toBe(303);
    const preview = await editor.get(`${String(v.headers.location)}/preview`);
    expect(textOf(preview.body)).toContain('Anything else?');
  });

  it('imports offline responses from CSV all or nothing, with line and column errors, and never duplicates', async () => {
    const analyst = await t.signInAs('analyst');
    const c = await engagement.service.consultationByReference('plan-2024-consultation');
    const id = c!.surveys.find((s) => s.status === 'published')!.id;
    const bad = readFileSync(join(FIXTURES, 'offline-bad.csv'), 'utf8');
    const before = (await engagement.service.responsesOfFamily(id)).length;
    const res = await analyst.upload(`/admin/engagement/surveys/${id}/responses/import`, { channel: 'paper-form' }, [
      { field: 'csvFile', filename: 'bad.csv', content: bad, type: 'text/csv' },
    ]);
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toMatch(/3 feel_safe Select one of the options/);
    expect(text).toMatch(/4 priority_rank Unknown option P9/);
    expect((await engagement.service.responsesOfFamily(id)).length).toBe(before);
    const good = readFileSync(join(FIXTURES, 'offline-good.csv'), 'utf8');
    for (let i = 0; i < 2; i++) {
      const ok = await analyst.upload(`/admin/engagement/surveys/${id}/responses/import`, { channel: 'roadshow' }, [
        { field: 'csvFile', filename: 'good.csv', content: good, type: 'text/csv' },
      ]);
      expect(ok.statusCode).toBe(303);
    }
    const after = await engagement.service.responsesOfFamily(id);
    expect(after.length).toBe(before + 2);
    expect(after.filter((r) => r.sourceKey === 'PAPER-001')[0].channel).toBe('roadshow');
  });

  it('shows counts, charts with tables, filters, cross-tabs and theme counts; exports CSV, the one download', async () => {
    const analyst = await t.signInAs('analyst');
    const c = await engagement.service.consultationByReference('plan-2024-consultation');
    const id = c!.surveys.find((s) => s.status === 'published')!.id;
    const page = await analyst.get(`/admin/engagement/surveys/${id}/analysis?area=E06000001&xq=feel_safe&by=channel`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain('<caption class="govuk-table__caption govuk-table__caption--s">Table: Rank the priorities');
    expect(textOf(page.body)).toContain('How safe do you feel in your area after dark? by channel');
    expect(textOf(page.body)).toContain('Responses raising each theme, by area');
    const csv = await analyst.get(`/admin/engagement/surveys/${id}/export.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toContain('reference,survey_version,channel');
    const list = await analyst.get(`/admin/engagement/surveys/${id}/responses`);
    expect(textOf(list.body)).toContain('Download the responses (CSV, opens in a spreadsheet)');
    expect(list.body).not.toContain('export.xlsx');
    expect((await analyst.get(`/admin/engagement/surveys/${id}/export.xlsx`)).statusCode).toBe(404);
  });

  it('keeps individual responses from roles without the permission', async () => {
    const panel = await t.signInAs('panel-member');
    const c = await engagement.service.consultationByReference('plan-2024-consultation');
    const id = c!.surveys[0].id;
    expect((await panel.get(`/admin/engagement/surveys/${id}/responses`)).statusCode).toBe(403);
    expect((await panel.get('/admin/engagement')).statusCode).toBe(200);
    expect((await t.anonymous().get(`/admin/engagement/surveys/${id}/responses`)).statusCode).toBe(302);
    const forcelead = await t.signInAs('force-lead');
    expect((await forcelead.submit(`/admin/engagement/consultations/${c!.id}/extend`, { closesOn: '2030-01-01', reason: 'x' })).statusCode).toBe(403);
  });

  it('writes an audit row with each change', async () => {
    const { rows } = await import('../../platform/audit.js').then((m) => m.listAudit(t.platform.database.db, { action: 'consultation.extend' }));
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('rate limiting (last: it uses up this client’s allowance)', () => {
  it('refuses a client that starts too many responses, with 429', async () => {
    const agent = t.anonymous();
    // The token belongs to the cookie, not the page (the consultation may be closed by now).
    const token = await agent.csrfToken('/sign-in');
    let status = 0;
    for (let i = 0; i < 40 && status !== 429; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${OPEN}/respond`,
        headers: { cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, consent: 'yes' }).toString(),
      });
      status = res.statusCode;
    }
    expect(status).toBe(429);
  });
});
