import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { listAudit } from '../../platform/audit.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { EngagementModule } from './index.js';
import type { SurveyDefinition } from './surveyDefinition.js';
import type { QuestionInput } from './surveyChanges.js';

/** The survey builder's edit and reorder, and the consultation's edit form: rules and routes. */
let t: TestApp;
let engagement: EngagementModule;
let n = 0;
// Signed in once each: sign-in is rate limited.
let editor: Agent;
let analyst: Agent;
let lead: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  await t.modules.find((m) => m.name === 'plans')?.loadDemo?.();
  engagement = t.modules.find((m) => m.name === 'engagement') as EngagementModule;
  [editor, analyst, lead] = [await t.signInAs('editor'), await t.signInAs('analyst'), await t.signInAs('force-lead')];
});
afterAll(async () => {
  await t?.close();
});

const yesNo = ['Yes', 'No'].map((v) => ({ value: v, label: v }));
const definition = (): SurveyDefinition => ({
  intro: '',
  privacyNotice: '',
  sections: [
    {
      id: 'first',
      title: 'First page',
      questions: [
        { id: 'victim', type: 'single', label: 'Have you been a victim?', required: true, options: yesNo },
        { id: 'safer', type: 'text', label: 'What would make you safer?', required: false },
        { id: 'feel', type: 'likert', label: 'I feel safe', required: false },
      ],
    },
    {
      id: 'second',
      title: 'Second page',
      questions: [
        { id: 'reported', type: 'single', label: 'Did you report it?', required: false, options: yesNo, showIf: { questionId: 'victim', equals: 'Yes' } },
      ],
    },
  ],
});

/** A new consultation with a survey: a draft, published, or published with a response. */
async function surveyOf(state: 'draft' | 'published' | 'answered' | 'closed') {
  const s = engagement.service;
  n += 1;
  const c = await s.createConsultation(SYSTEM_ACTOR, {
    reference: `builder-${n}`,
    title: `Builder test ${n}`,
    purpose: '',
    audience: '',
    areas: '',
    opensOn: '2030-01-01',
    closesOn: '2030-02-01',
  });
  const survey = await s.createSurvey(SYSTEM_ACTOR, c.id, `Survey ${n}`, definition());
  if (state !== 'draft') await s.publishSurvey(SYSTEM_ACTOR, survey.id);
  if (state === 'answered') await s.submit(SYSTEM_ACTOR, survey.id, { victim: 'No', safer: 'Lights' }, { channel: 'paper-form', sourceKey: `P-${n}` });
  if (state === 'closed') {
    const v2 = await s.newVersion(SYSTEM_ACTOR, survey.id);
    await s.publishSurvey(SYSTEM_ACTOR, v2.id);
  }
  return { consultation: c, id: survey.id, base: `/admin/engagement/surveys/${survey.id}` };
}
const definitionOf = async (id: string) => (await engagement.service.surveyWithConsultation(id))!.survey.definition;
const order = (def: SurveyDefinition) => def.sections.map((s) => `${s.id}:${s.questions.map((q) => q.id).join(',')}`);
const input = (over: Partial<QuestionInput & { sectionId: string }> = {}) => ({
  sectionId: 'first',
  type: 'single' as const,
  label: 'Have you been a victim?',
  required: true,
  options: 'Yes\nNo',
  ...over,
});
const auditCount = async (action: string, entityId: string) => (await listAudit(t.platform.database.db, { action, entityId })).total;

describe('the rules for changing a survey’s questions', () => {
  it('a draft takes any valid change: wording, type, options, required, hint, skip condition, page', async () => {
    const { id } = await surveyOf('draft');
    const s = engagement.service;
    await s.editQuestion(
      SYSTEM_ACTOR,
      id,
      'victim',
      input({ type: 'multiple', label: 'Have you ever been a victim of crime?', hint: 'In the last year', required: false, options: 'Yes\nNo\nNot sure' }),
    );
    await s.editQuestion(
      SYSTEM_ACTOR,
      id,
      'safer',
      input({ type: 'text', label: 'What would make you safer?', options: '', sectionId: 'second', showIfQuestion: 'victim', showIfValue: 'Yes' }),
    );
    const def = await definitionOf(id);
    expect(def.sections[0].questions[0]).toEqual({
      id: 'victim',
      type: 'multiple',
      label: 'Have you ever been a victim of crime?',
      hint: 'In the last year',
      required: false,
      options: [...yesNo, { value: 'Not sure', label: 'Not sure' }],
    });
    expect(order(def)).toEqual(['first:victim,feel', 'second:reported,safer']);
    expect(def.sections[1].questions[1].showIf).toEqual({ questionId: 'victim', equals: 'Yes' });
    expect(await auditCount('survey.question.edit', id)).toBe(2);
  });

  it('refuses a definition that is not valid (a skip condition on a later page), and a page that is not the survey’s', async () => {
    const { id } = await surveyOf('draft');
    await expect(engagement.service.editQuestion(SYSTEM_ACTOR, id, 'victim', input({ showIfQuestion: 'reported', showIfValue: 'Yes' }))).rejects.toThrow(
      /earlier page/,
    );
    await expect(engagement.service.editQuestion(SYSTEM_ACTOR, id, 'victim', input({ sectionId: 'nope' }))).rejects.toThrow(/Choose a page/);
    await expect(engagement.service.editQuestion(SYSTEM_ACTOR, id, 'nope', input())).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a published survey with responses takes wording fixes and new options, and refuses what would break its responses', async () => {
    const { id } = await surveyOf('answered');
    const s = engagement.service;
    // A new page at the end (allowed): one page that could move without breaking a skip condition.
    const withPage = await definitionOf(id);
    withPage.sections.push({ id: 'third', title: 'Third page', questions: [{ id: 'more', type: 'text', label: 'Anything more?', required: false }] });
    await s.saveDefinition(SYSTEM_ACTOR, id, withPage, 'added a page');
    await s.editQuestion(
      SYSTEM_ACTOR,
      id,
      'victim',
      input({ label: 'Have you been a victim of crime?', hint: 'Any crime', options: 'Yes\nNo\nPrefer not to say' }),
    );
    const before = await definitionOf(id);
    expect(before.sections[0].questions[0]).toMatchObject({ label: 'Have you been a victim of crime?', hint: 'Any crime' });
    const audits = await auditCount('survey.question.edit', id);
    const refused: [string, () => Promise<unknown>][] = [
      ['change type', () => s.editQuestion(SYSTEM_ACTOR, id, 'victim', input({ type: 'multiple', options: 'Yes\nNo\nPrefer not to say' }))],
      ['lose the option “No”', () => s.editQuestion(SYSTEM_ACTOR, id, 'victim', input({ options: 'Yes\nNot really\nPrefer not to say' }))],
      [
        'become required',
        () => s.editQuestion(SYSTEM_ACTOR, id, 'safer', input({ type: 'text', label: 'What would make you safer?', options: '', required: true })),
      ],
      [
        'change when it is asked',
        () => s.editQuestion(SYSTEM_ACTOR, id, 'reported', input({ label: 'Did you report it?', required: false, sectionId: 'second' })),
      ],
      [
        'move to another page',
        () => s.editQuestion(SYSTEM_ACTOR, id, 'feel', input({ type: 'likert', label: 'I feel safe', required: false, options: '', sectionId: 'second' })),
      ],
      ['different order', () => s.moveQuestion(SYSTEM_ACTOR, id, 'safer', 'up')],
      ['pages would be in a different order', () => s.moveSection(SYSTEM_ACTOR, id, 'third', 'up')],
    ];
    for (const [why, attempt] of refused) await expect(attempt(), why).rejects.toThrow(new RegExp(`needs a new version.*${why}.*Start a new version`));
    expect(await definitionOf(id)).toEqual(before);
    expect(await auditCount('survey.question.edit', id)).toBe(audits);
    expect(await auditCount('survey.question.move', id)).toBe(0);
  });

  it('reorders a draft and a published survey without responses, one place at a time within a page', async () => {
    for (const state of ['draft', 'published'] as const) {
      const { id } = await surveyOf(state);
      const s = engagement.service;
      await s.moveQuestion(SYSTEM_ACTOR, id, 'feel', 'up');
      await s.moveQuestion(SYSTEM_ACTOR, id, 'victim', 'down');
      expect(order(await definitionOf(id))).toEqual(['first:feel,victim,safer', 'second:reported']);
      await expect(s.moveQuestion(SYSTEM_ACTOR, id, 'feel', 'up')).rejects.toThrow('“I feel safe” is already the first question on its page');
      await expect(s.moveQuestion(SYSTEM_ACTOR, id, 'reported', 'down')).rejects.toThrow(/already the last question/);
      // The skip condition on "reported" refers to page one: moving its page first is refused.
      await expect(s.moveSection(SYSTEM_ACTOR, id, 'second', 'up')).rejects.toThrow(/earlier page/);
      await expect(s.moveSection(SYSTEM_ACTOR, id, 'first', 'up')).rejects.toThrow('The page “First page” is already the first');
      expect(await auditCount('survey.question.move', id)).toBe(2);
    }
  });

  it('a closed survey cannot be changed', async () => {
    const { id } = await surveyOf('closed');
    await expect(engagement.service.moveQuestion(SYSTEM_ACTOR, id, 'feel', 'up')).rejects.toThrow('A closed survey cannot be changed');
  });
});

describe('the survey builder’s pages', () => {
  it('shows change links and move buttons on a draft, and no move buttons once there are responses', async () => {
    const draft = await surveyOf('draft');
    const page = await editor.get(draft.base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${draft.base}/questions/victim/edit"`);
    expect(textOf(page.body)).toMatch(/Move down Have you been a victim\?/);
    expect(textOf(page.body)).not.toMatch(/Move up Have you been a victim\?/);
    expect(textOf(page.body)).toMatch(/Move page down First page/);
    expect(textOf(page.body)).not.toMatch(/Move page up First page/);
    const answered = await surveyOf('answered');
    const locked = await editor.get(answered.base);
    expect(textOf(locked.body)).not.toMatch(/Move (page )?(up|down)/);
    expect(locked.body).toContain(`href="${answered.base}/questions/victim/edit"`);
    expect(textOf(locked.body)).toContain('changing the order of the questions or pages');
  });

  it('changes a question: the form shows it, keeps what was typed on an error, saves and is audited', async () => {
    const { id, base } = await surveyOf('draft');
    const form = await editor.get(`${base}/questions/victim/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<input[^>]*name="label"[^>]*value="Have you been a victim\?"/);
    expect(form.body).toMatch(/<textarea[^>]*name="options"[^>]*>Yes\nNo<\/textarea>/);
    expect(form.body).toMatch(/<input[^>]*value="single"[^>]*checked/);
    expect(form.body).toMatch(/name="required"[^>]*value="yes"[^>]*checked/);
    expect(form.body).not.toMatch(/<option value="victim"/); // not its own skip condition

    const bad = await editor.submit(`${base}/questions/victim/edit`, {
      sectionId: 'first',
      type: 'rank',
      label: '',
      hint: 'A hint I typed',
      options: 'Only one',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('href="#label"');
    expect(bad.body).toContain('href="#options"');
    expect(bad.body).toMatch(/value="A hint I typed"/);
    expect(bad.body).toMatch(/<input[^>]*value="rank"[^>]*checked/);

    const ok = await editor.submit(`${base}/questions/victim/edit`, {
      sectionId: 'first',
      type: 'single',
      label: 'Were you a victim of crime?',
      options: 'Yes\nNo\nNot sure',
      required: 'yes',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${base}#section-first`);
    const after = await editor.get(base);
    expect(textOf(after.body)).toContain('Changed the question “Were you a victim of crime?”');
    expect(textOf(after.body)).toContain('Yes; No; Not sure');
    const { rows } = await listAudit(t.platform.database.db, { action: 'survey.question.edit', entityId: id });
    expect(rows[0]).toMatchObject({
      actorLabel: editor.userEmail,
      summary: expect.stringContaining('changed the question victim (Were you a victim of crime?)'),
    });
  });

  it('refuses a breaking change with a GOV.UK error that says to start a new version, keeping what was typed', async () => {
    const { id, base } = await surveyOf('answered');
    const before = await definitionOf(id);
    const form = await editor.get(`${base}/questions/victim/edit`);
    expect(textOf(form.body)).toContain('This survey has responses');
    const res = await editor.submit(`${base}/questions/victim/edit`, {
      sectionId: 'first',
      type: 'multiple',
      label: 'Victim (typed)?',
      options: 'Yes\nNo',
      required: 'yes',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(textOf(res.body)).toMatch(
      /This survey has responses, so this change needs a new version: “Have you been a victim\?” would change type\. Start a new version/,
    );
    expect(res.body).toMatch(/value="Victim \(typed\)\?"/);
    expect(res.body).toMatch(/<input[^>]*value="multiple"[^>]*checked/);
    expect(await definitionOf(id)).toEqual(before);
    const reword = await editor.submit(`${base}/questions/victim/edit`, {
      sectionId: 'first',
      type: 'single',
      label: 'Have you been a victim of crime?',
      options: 'Yes\nNo',
      required: 'yes',
    });
    expect(reword.statusCode).toBe(303);
  });

  it('moves questions and pages with buttons that post forms, back to where the person was', async () => {
    const { id, base } = await surveyOf('draft');
    const res = await editor.submit(`${base}/questions/safer/move`, { direction: 'up' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base}#section-first`);
    expect(order(await definitionOf(id))).toEqual(['first:safer,victim,feel', 'second:reported']);
    expect(textOf((await editor.get(base)).body)).toContain('Moved “What would make you safer?” up');
    const edge = await editor.submit(`${base}/questions/safer/move`, { direction: 'up' });
    expect(edge.statusCode).toBe(400);
    expect(textOf(edge.body)).toContain('“What would make you safer?” is already the first question on its page');
    const odd = await editor.submit(`${base}/questions/safer/move`, { direction: 'sideways' });
    expect(odd.statusCode).toBe(400);
    expect(textOf(odd.body)).toContain('Choose whether to move it up or down');
    expect((await editor.submit(`${base}/questions/nope/move`, { direction: 'up' })).statusCode).toBe(404);

    // A page without skip conditions on it can move up.
    await engagement.service.editQuestion(SYSTEM_ACTOR, id, 'reported', input({ label: 'Did you report it?', required: false, sectionId: 'second' }));
    const page = await editor.submit(`${base}/sections/second/move`, { direction: 'up' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`${base}#section-second`);
    expect(order(await definitionOf(id))).toEqual(['second:reported', 'first:safer,victim,feel']);
    expect(await auditCount('survey.section.move', id)).toBe(1);
  });

  it('refuses reordering a survey with responses, even when posted directly', async () => {
    const { id, base } = await surveyOf('answered');
    const res = await editor.submit(`${base}/questions/safer/move`, { direction: 'up' });
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('needs a new version: the questions would be asked in a different order');
    expect(order(await definitionOf(id))).toEqual(['first:victim,safer,feel', 'second:reported']);
  });

  it('lets only the roles that build surveys change or move questions, with a CSRF token', async () => {
    const { base } = await surveyOf('draft');
    expect((await analyst.get(`${base}/questions/victim/edit`)).statusCode).toBe(403);
    expect((await analyst.submit(`${base}/questions/victim/edit`, { sectionId: 'first', type: 'text', label: 'x' })).statusCode).toBe(403);
    expect((await analyst.submit(`${base}/questions/victim/move`, { direction: 'down' })).statusCode).toBe(403);
    expect((await analyst.submit(`${base}/sections/first/move`, { direction: 'down' })).statusCode).toBe(403);
    expect(textOf((await analyst.get(base)).body)).not.toMatch(/Move down|Change Have you/);
    expect((await t.anonymous().get(`${base}/questions/victim/edit`)).statusCode).toBe(302);
    expect((await editor.submit(`${base}/questions/victim/move`, { direction: 'down' }, { csrf: false })).statusCode).toBe(403);
  });
});

describe('changing a consultation’s details', () => {
  const details = {
    title: 'Changed title',
    purpose: 'A new purpose',
    planReference: '',
    audience: 'Young people',
    areas: 'Hartlepool',
    opensOn: '2030-03-01',
    closesOn: '2030-04-01',
  };

  it('the consultation page links to the form, which shows the details and saves them, audited', async () => {
    const { consultation: c } = await surveyOf('draft');
    const href = `/admin/engagement/consultations/${c.id}/edit`;
    expect((await editor.get(`/admin/engagement/consultations/${c.id}`)).body).toContain(`href="${href}"`);
    const form = await editor.get(href);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<input[^>]*name="title"[^>]*value="Builder test/);
    expect(form.body).toMatch(/<input[^>]*name="opensOn"[^>]*value="2030-01-01"/);
    expect(textOf(form.body)).toContain(`${c.reference} The reference is part of the consultation’s web address`);
    expect(form.body).not.toMatch(/name="reference"/);
    const res = await editor.submit(href, details);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/engagement/consultations/${c.id}`);
    const saved = (await engagement.service.consultationDetail(c.id))!;
    expect(saved).toMatchObject({ ...details, planReference: null, reference: c.reference });
    const page = textOf((await editor.get(String(res.headers.location))).body);
    expect(page).toContain('Saved the changes to “Changed title”');
    expect(page).toContain('Young people');
    expect(await auditCount('consultation.update', c.id)).toBe(1);
  });

  it('shows GOV.UK errors and keeps what was typed', async () => {
    const { consultation: c } = await surveyOf('draft');
    const href = `/admin/engagement/consultations/${c.id}/edit`;
    const bad = await editor.submit(href, { ...details, title: '', opensOn: '2030-13-45', audience: 'Typed <audience>' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#title"');
    expect(bad.body).toContain('href="#opensOn"');
    expect(bad.body).toContain('value="Typed &lt;audience&gt;"');
    const backwards = await editor.submit(href, { ...details, opensOn: '2030-05-01', closesOn: '2030-04-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('href="#closesOn"');
    expect(textOf(backwards.body)).toContain('The closing date must be on or after the opening date');
    expect(await auditCount('consultation.update', c.id)).toBe(0);
  });

  it('fixes the dates once the consultation has opened: only an extension moves the closing date', async () => {
    const { consultation: c } = await surveyOf('draft');
    await engagement.service.publishConsultation(SYSTEM_ACTOR, c.id);
    await engagement.service.setStage(SYSTEM_ACTOR, c.id, 'open');
    const href = `/admin/engagement/consultations/${c.id}/edit`;
    const form = await editor.get(href);
    expect(form.body).not.toMatch(/<input[^>]*id="closesOn"/);
    expect(textOf(form.body)).toContain('extend the closing date from the consultation’s page');
    const moved = await editor.submit(href, { ...details, opensOn: '2030-01-01', closesOn: '2030-06-01' });
    expect(moved.statusCode).toBe(400);
    expect(textOf(moved.body)).toContain('The consultation has opened, so its dates cannot be changed here');
    const ok = await editor.submit(href, { ...details, opensOn: '2030-01-01', closesOn: '2030-02-01' });
    expect(ok.statusCode).toBe(303);
    expect((await engagement.service.consultationDetail(c.id))!.title).toBe('Changed title');
  });

  it('chooses the plan, then the priorities of that plan only', async () => {
    const { consultation: c } = await surveyOf('draft');
    const href = `/admin/engagement/consultations/${c.id}/edit`;
    const withPlan = await editor.submit(href, { ...details, planReference: 'cleveland-2024-29', priorityReferences: 'P1' });
    expect(withPlan.statusCode).toBe(303);
    expect(withPlan.headers.location).toBe(href);
    expect((await engagement.service.consultationDetail(c.id))!).toMatchObject({ planReference: 'cleveland-2024-29', priorityReferences: [] });
    const form = await editor.get(href);
    expect(textOf(form.body)).toContain('now choose the priorities of the plan it informs');
    expect(form.body).toMatch(/name="priorityReferences"[^>]*value="P2"/);
    const chosen = await editor.submit(href, { ...details, planReference: 'cleveland-2024-29', priorityReferences: ['P2', 'P3'] });
    expect(chosen.statusCode).toBe(303);
    expect((await engagement.service.consultationDetail(c.id))!.priorityReferences).toEqual(['P2', 'P3']);
    expect(textOf((await editor.get(`/admin/engagement/consultations/${c.id}`)).body)).toContain('Priorities it informs P2, P3');
    const wrong = await editor.submit(href, { ...details, planReference: 'cleveland-2024-29', priorityReferences: ['P2', 'P99'] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#priorityReferences"');
    expect(textOf(wrong.body)).toContain('Choose priorities of the plan the consultation informs');
  });

  it('lets only the roles that manage consultations change them', async () => {
    const { consultation: c } = await surveyOf('draft');
    const href = `/admin/engagement/consultations/${c.id}/edit`;
    expect((await lead.get(href)).statusCode).toBe(403);
    expect((await lead.submit(href, details)).statusCode).toBe(403);
    expect((await lead.get(`/admin/engagement/consultations/${c.id}`)).body).not.toContain(`href="${href}"`);
    expect((await editor.submit(href, details, { csrf: false })).statusCode).toBe(403);
    expect((await editor.get('/admin/engagement/consultations/00000000-0000-0000-0000-000000000000/edit')).statusCode).toBe(404);
  });
});
