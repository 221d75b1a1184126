import { ukDate } from '../../platform/format.js';
import type { Actor } from '../../platform/roles.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { EngagementService } from './engagementService.js';
import type { Channel, MethodKind } from './schema.js';
import { type SurveyDefinition } from './surveyDefinition.js';
import { equalityMonitoringSection } from './surveyChanges.js';
import { LOG_TYPES } from './schema.js';
import { rng, SYNTHETIC_THEMES, syntheticAnswers } from './synthetic.js';

const DEMO_ANALYST: Actor = { id: null, label: 'analyst@demo.openpcc.test (demo coding)', role: 'analyst' };

/** The survey of a plan consultation: rank the plan's priorities, free text, area, demographics. */
export function planSurveyDefinition(priorities: { reference: string; title: string }[], areaName: string): SurveyDefinition {
  return {
    intro: `We want to know what matters most to you about policing and community safety in ${areaName}. Your answers will shape the Police and Crime Plan.`,
    privacyNotice:
      'Your response is anonymous: we do not ask for your name. We keep only the first part of any postcode. Answers are used to analyse what people think and are reported only as totals, unless you give permission for a quotation. An email address, if you give one for updates, is stored separately and never linked to your answers. You can ask us to delete it at any time.',
    sections: [
      {
        id: 'your-area',
        title: 'Your area',
        questions: [
          { id: 'area', type: 'area', areaLevel: 'lad', label: 'Which area do you live in?', required: true },
          {
            id: 'feel_safe',
            type: 'single',
            label: 'How safe do you feel in your area after dark?',
            required: true,
            options: ['Very safe', 'Fairly safe', 'A bit unsafe', 'Very unsafe'].map((v) => ({ value: v, label: v })),
          },
          {
            id: 'victim',
            type: 'single',
            label: 'Have you been a victim of crime in the last 12 months?',
            required: false,
            options: ['Yes', 'No', 'Prefer not to say'].map((v) => ({ value: v, label: v })),
          },
        ],
      },
      {
        id: 'priorities',
        title: 'Priorities',
        description: 'These are the priorities proposed for the plan.',
        questions: [
          {
            id: 'priority_rank',
            type: 'rank',
            label: 'Rank the priorities in order of importance to you',
            required: true,
            options: priorities.map((p) => ({ value: p.reference, label: p.title })),
          },
          { id: 'safer', type: 'text', label: 'What one thing would make your community safer?', required: false, maxLength: 2000 },
        ],
      },
      {
        id: 'your-experience',
        title: 'Your experience',
        questions: [
          {
            id: 'reported',
            type: 'single',
            label: 'Did you report the crime to the police?',
            required: false,
            showIf: { questionId: 'victim', equals: 'Yes' },
            options: ['Yes', 'No'].map((v) => ({ value: v, label: v })),
          },
          { id: 'confidence', type: 'likert', label: 'I have confidence in the police in my area', required: false },
        ],
      },
      equalityMonitoringSection(),
    ],
  };
}

const THEME_LINKS: Record<string, { priorities: string[]; response: string }> = {
  'Visible policing': { priorities: ['P2'], response: 'The plan commits to more visible neighbourhood policing, with officers in every ward.' },
  'Antisocial behaviour': {
    priorities: ['P1'],
    response: 'Tackling antisocial behaviour is part of the first priority, with partners in each local authority.',
  },
  Drugs: { priorities: ['P1', 'P6'], response: 'Drug dealing and county lines are targeted under crime reduction and preventing re-offending.' },
  'Road safety': { priorities: ['P1'], response: 'Dangerous driving and speeding are included in the harm the plan sets out to reduce.' },
  'Women and girls': { priorities: ['P3'], response: 'Safety for women and girls became a priority of its own.' },
  'Victim support': { priorities: ['P4'], response: 'The plan sets out the support victims and vulnerable people should get, and keeping them informed.' },
};

/** The demo: the 2024 plan consultation with synthetic responses, the 2021 summer consultation, a log. */
export async function loadEngagementDemo(service: EngagementService, opts: { today?: Date } = {}) {
  const actor = SYSTEM_ACTOR;
  const today = opts.today ?? new Date();
  const plans = service.deps.plans;
  const plan2024 = plans ? await plans.getTreeByReference('cleveland-2024-29') : undefined;
  const { lists } = await service.areaHelpers();
  const ladCodes = lists.lad.map((l) => l.code);

  // 2021: the summer consultation programme of the 2021–24 plan (dates from the plan).
  const c2021 = await service.createConsultation(actor, {
    reference: 'plan-2021-summer-consultation',
    title: 'Police and Crime Plan 2021–24: summer consultation',
    purpose: 'The summer consultation programme that informed the Police and Crime Plan 2021–24.',
    planReference: 'cleveland-2021-24',
    priorityReferences: [],
    audience: 'Residents, victims and partners',
    areas: 'All four local authority areas',
    opensOn: '2021-07-09',
    closesOn: '2021-08-20',
  });
  const m2021: [MethodKind, string, string, string][] = [
    ['online-survey', 'Online survey for six weeks from the week commencing 9 July', '2021-07-09', '2021-08-20'],
    ['roadshow', 'Community safety roadshows: a variety of events', '2021-07-31', '2021-08-15'],
    ['focus-group', 'Focus groups: a variety of sessions', '2021-07-09', '2021-08-20'],
  ];
  for (const [kind, description, startsOn, endsOn] of m2021)
    await service.addMethod(actor, c2021.id, { kind, description, startsOn, endsOn, places: '', targetGroups: '' });
  await service.publishConsultation(actor, c2021.id, ukDate(today)); // its opening day has passed: published as open
  await service.setStage(actor, c2021.id, 'closed');

  if (!plan2024) return;

  // 2024: six weeks planned, extended by four weeks after the disorder.
  const c = await service.createConsultation(actor, {
    reference: 'plan-2024-consultation',
    title: 'Police and Crime Plan 2024–29 consultation',
    purpose:
      'A public consultation on the priorities of the new Police and Crime Plan, planned over six weeks. (Demonstration: the plan gives the length of the consultation; the exact dates shown here are illustrative.)',
    planReference: plan2024.reference,
    priorityReferences: plan2024.priorities.map((p) => p.reference),
    audience: 'Everyone who lives or works in the area, victims and survivors, and diverse groups',
    areas: 'All four local authority areas',
    opensOn: '2024-07-15',
    closesOn: '2024-08-25',
  });
  const m2024: [MethodKind, string, string][] = [
    ['online-survey', 'An online survey', 'Online'],
    ['engagement-stall', 'Engagement stalls', 'Town centres and community venues'],
    ['briefing', 'Briefings and meetings', 'Partners and community groups'],
    ['focus-group', 'Victim/survivor focus groups', 'Victims and survivors'],
    ['workshop', 'Workshops with diverse groups, including young people and older people', 'Diverse groups'],
  ];
  for (const [kind, description, who] of m2024) {
    await service.addMethod(actor, c.id, {
      kind,
      description,
      startsOn: '2024-07-15',
      endsOn: '2024-09-22',
      places: kind === 'online-survey' ? 'Online' : 'Across the four local authorities',
      targetGroups: who,
    });
  }
  await service.publishConsultation(actor, c.id, ukDate(today)); // its opening day has passed: published as open
  await service.extend(
    actor,
    c.id,
    '2024-09-22',
    'Extended by four weeks following the disorder events during July and August, which affected the original consultation and engagement programme.',
  );

  const areaName = lists.lad.length ? 'the area' : 'your area';
  const survey = await service.createSurvey(actor, c.id, 'Have your say on the Police and Crime Plan', planSurveyDefinition(plan2024.priorities, areaName));
  await service.publishSurvey(actor, survey.id);

  // A few hundred synthetic responses, labelled synthetic, from a seeded generator.
  const r = rng(2024);
  const channels: Channel[] = ['online', 'online', 'online', 'online', 'online', 'engagement-stall', 'focus-group', 'workshop', 'paper-form'];
  const start = Date.parse('2024-07-15T09:00:00Z');
  const span = Date.parse('2024-09-22T18:00:00Z') - start;
  const rows = Array.from({ length: 360 }, (_, i) => {
    const { answers, textThemes } = syntheticAnswers(survey.definition, r, ladCodes);
    return { answers, textThemes, channel: r.pick(channels), submittedAt: new Date(start + Math.floor((span * i) / 360)) };
  });
  const stored = await service.addSynthetic(actor, survey.id, rows);

  // The codebook, some answers coded (from the generator's true themes), and what was done.
  const themeIds = new Map<string, string>();
  for (const label of Object.keys(SYNTHETIC_THEMES)) {
    const t = await service.addTheme(DEMO_ANALYST, c.id, { label, description: '' });
    themeIds.set(label, t.id);
  }
  await service.addTheme(DEMO_ANALYST, c.id, { label: 'Off-road motorbikes', description: 'Nuisance bikes', parentId: themeIds.get('Antisocial behaviour') });
  let coded = 0;
  for (const s of stored) {
    const themesOf = rows[s.index].textThemes.safer;
    if (!themesOf || coded >= 80) continue;
    await service.codeAnswer(
      DEMO_ANALYST,
      s.id,
      'safer',
      themesOf.map((t) => themeIds.get(t)!),
      '',
    );
    coded++;
  }
  const byRef = new Map(plan2024.priorities.map((p) => [p.reference, p.id]));
  for (const [label, link] of Object.entries(THEME_LINKS)) {
    await service.linkTheme(actor, themeIds.get(label)!, {
      response: link.response,
      priorityIds: link.priorities.map((ref) => byRef.get(ref)).filter((x): x is string => !!x),
      commitmentIds: [],
    });
  }
  const quote = await service.addQuotation(actor, c.id, {
    text: 'Women do not feel safe walking home after dark. (synthetic)',
    themeId: themeIds.get('Women and girls'),
  });
  await service.setQuotationPublished(actor, quote.id, true);
  await service.setStage(actor, c.id, 'closed');
  await service.setStage(actor, c.id, 'analysed');
  await service.setStage(
    actor,
    c.id,
    'feedback-published',
    'Thank you to everyone who took part. Several key themes emerged and, having taken account of all the information gathered, the plan focuses on six priority objectives in support of an overall vision of safe, strong and confident communities. (Demonstration: the responses counted here are synthetic.)',
  );

  // An open consultation so the response flow can be tried: dates relative to today.
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const open = await service.createConsultation(actor, {
    reference: 'community-safety-survey',
    title: 'Community safety survey (demonstration)',
    purpose: 'Tell us what matters most to you about policing where you live. This demonstration consultation is open so that the response flow can be tried.',
    planReference: plan2024.reference,
    priorityReferences: plan2024.priorities.map((p) => p.reference),
    audience: 'Everyone',
    areas: 'All local authority areas',
    opensOn: iso(new Date(today.getTime() - 7 * 86400000)),
    closesOn: iso(new Date(today.getTime() + 21 * 86400000)), // within the staff home's 30-day look-ahead
  });
  await service.addMethod(actor, open.id, {
    kind: 'online-survey',
    description: 'Online survey',
    startsOn: open.opensOn,
    endsOn: open.closesOn,
    places: 'Online',
    targetGroups: 'Everyone',
  });
  const openSurvey = await service.createSurvey(actor, open.id, 'Community safety survey', planSurveyDefinition(plan2024.priorities, areaName));
  await service.publishSurvey(actor, openSurvey.id);
  await service.publishConsultation(actor, open.id, ukDate(today)); // its opening day has passed: published as open

  // The engagement log of this year across the local authorities (synthetic entries).
  const year = today.getUTCFullYear();
  const lr = rng(year);
  const wardsByLad = new Map<string, { code: string; name: string }[]>();
  for (const w of lists.ward) if (w.parentCode) wardsByLad.set(w.parentCode, [...(wardsByLad.get(w.parentCode) ?? []), w]);
  const types = LOG_TYPES.filter((t) => t !== 'other');
  const issues = ['Speeding on estate roads', 'Antisocial behaviour near shops', 'Drug dealing', 'Street lighting', 'Off-road bikes', 'Burglary'];
  for (let i = 0; i < 40 && lists.lad.length; i++) {
    const lad = lists.lad[i % lists.lad.length];
    const wards = wardsByLad.get(lad.code) ?? [];
    const ward = wards.length ? lr.pick(wards) : null;
    const day = 1 + lr.int(Math.max(1, Math.floor((today.getTime() - Date.UTC(year, 0, 1)) / 86400000)));
    await service.addLogEntry(actor, {
      heldOn: iso(new Date(Date.UTC(year, 0, day))),
      type: lr.pick(types),
      title: `${lr.pick(['Residents’ meeting', 'Ward walk', 'Community event', 'Surgery', 'Partner meeting'])} in ${ward?.name ?? lad.name} (synthetic)`,
      localAuthorityCode: lad.code,
      wardCode: ward?.code ?? null,
      wardName: ward?.name ?? null,
      organisation: lr.pick(['Residents’ association', 'Neighbourhood policing team', 'Community safety partnership', 'Youth club', 'Housing provider']),
      attendees: 5 + lr.int(60),
      issuesRaised: lr.pick(issues),
      followUps: 'Pass to the neighbourhood team and report back',
      followUpOwner: 'OPCC engagement officer',
      synthetic: true,
    });
  }
}
