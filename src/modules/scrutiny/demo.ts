import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { addDays } from '../../platform/dates.js';
import type { ScrutinyPlans } from './deps.js';
import type { ScrutinyService } from './scrutinyService.js';

const DEMO_DIR = join(ROOT_DIR, 'src', 'modules', 'scrutiny', 'demo');
const actor = SYSTEM_ACTOR;

/**
 * The demo: two real records from the Cleveland documents (the Commissioner's report to the
 * Panel of 6 February 2018, and the Panel's report of 12 November 2024 on the draft 2024–29 plan)
 * and a few synthetic records, each marked as demo, dated relative to `today` so that the
 * calendar and the overdue flags have something to show whenever the demo is loaded.
 */
export async function loadScrutinyDemo(service: ScrutinyService, plans: ScrutinyPlans, today: string) {
  if (await service.getReportByReference('PCP-2024-11-12-PLAN')) return;
  const plan = (await plans.list({ includeDrafts: true })).find((p) => p.reference === 'cleveland-2024-29');
  const priorities = plan ? ((await plans.getTree(plan.id))?.priorities ?? []) : [];
  const pr = (ref: string) => priorities.find((p) => p.reference === ref)?.id;

  // Real: 6 February 2018, the Commissioner's report to the Panel on refreshing the plan.
  const m2018 = await service.createMeeting(actor, {
    kind: 'panel',
    title: 'Cleveland Police and Crime Panel, 6 February 2018',
    meetingDate: '2018-02-06',
    place: null,
    status: 'held',
    minutes: null,
    publicSummary:
      'The Police and Crime Commissioner reported his intention to refresh the Police and Crime Plan after the appointment of a new Chief Constable, keeping the five objectives of the current plan, and proposed that the Panel consider the draft refresh in July 2018.',
  });
  await service.addAgendaItem(
    actor,
    m2018.id,
    {
      title: "Cleveland Police and Crime Commissioner's Police and Crime Plan",
      paperTitle: 'Report of the Police and Crime Commissioner to the Chair and Members of the Panel',
      url: null,
    },
    {
      data: readFileSync(join(DEMO_DIR, '2018-02-06-pcc-report-to-panel.txt')),
      fileName: '2018-02-06-pcc-report-to-panel.txt',
      contentType: 'text/plain; charset=utf-8',
    },
  );

  // Real: 12 November 2024, the Panel's review of the draft 2024–29 plan.
  const m2024 = await service.createMeeting(actor, {
    kind: 'panel',
    title: 'Cleveland Police and Crime Panel, 12 November 2024',
    meetingDate: '2024-11-12',
    place: null,
    status: 'held',
    minutes: null,
    publicSummary: "The Panel considered the Commissioner's draft Police and Crime Plan 2024–29 and resolved that the plan be welcomed.",
  });
  await service.addAgendaItem(actor, m2024.id, {
    title: 'Draft Police and Crime Plan 2024–29',
    paperTitle: 'Police and Crime Plan 2024–2029',
    url: '/plans/cleveland-2024-29',
  });
  await service.createReport(actor, {
    reference: 'PCP-2024-11-12-PLAN',
    title: "Report of the Cleveland Police and Crime Panel on the Commissioner's Police and Crime Plan 2024-29",
    reportDate: '2024-11-12',
    meetingId: m2024.id,
    resolution: 'That the plan be welcomed.',
    body: readFileSync(join(DEMO_DIR, '2024-11-12-panel-report-on-draft-plan.txt'), 'utf8').replace(/\*\*/g, '').trim(),
    planId: plan?.id ?? null,
    answeredByPlanId: null,
    published: true,
  });

  // Synthetic, labelled: a Panel report with recommendations in every state.
  const demoMeeting = await service.createMeeting(
    actor,
    {
      kind: 'panel',
      title: 'Police and Crime Panel: annual report (demo)',
      meetingDate: addDays(today, -60),
      place: 'Middlesbrough Town Hall (demo)',
      status: 'held',
      minutes: null,
      publicSummary: 'Demo record: the Panel reviewed the annual report.',
    },
    { isDemo: true },
  );
  // The Panel's next meeting, a few weeks ahead, as an office's calendar always has one: its
  // members see it in their tasks, and a draft plan sent for review goes on its agenda.
  await service.createMeeting(
    actor,
    {
      kind: 'panel',
      title: 'Police and Crime Panel: quarterly meeting (demo)',
      meetingDate: addDays(today, 25),
      place: 'Middlesbrough Town Hall (demo)',
      status: 'scheduled',
      minutes: null,
      publicSummary: null,
    },
    { isDemo: true },
  );
  const demoReport = await service.createReport(
    actor,
    {
      reference: 'DEMO-PCP-ANNUAL',
      title: 'Panel report on the annual report (demo)',
      reportDate: addDays(today, -60),
      meetingId: demoMeeting.id,
      resolution: 'Demo record: the Panel made three recommendations.',
      body: null,
      planId: plan?.id ?? null,
      answeredByPlanId: null,
      published: true,
    },
    [
      { text: 'Publish quarterly figures on response times by local authority area (demo).', responseDue: addDays(today, -30) },
      { text: 'Report to the Panel on the use of out-of-court resolutions for domestic abuse (demo).', responseDue: addDays(today, -30) },
      { text: 'Set out how victims’ satisfaction will be measured in the next delivery plan (demo).', responseDue: addDays(today, -10) },
    ],
    { isDemo: true },
  );
  const detail = await service.reportDetail(demoReport.id);
  const [r1, r2] = detail!.recommendations;
  const commissioner = { ...actor, role: 'commissioner' as const, label: 'demo commissioner' };
  await service.respond(
    commissioner,
    r1.id,
    { response: 'accept', responseText: 'Demo record: figures by local authority area will be published each quarter from next quarter.', publish: true },
    new Date(`${addDays(today, -35)}T10:00:00Z`),
  );
  await service.respond(
    commissioner,
    r2.id,
    { response: 'partly-accept', responseText: 'Demo record: a report will come to the Panel; individual cases cannot be discussed.', publish: true },
    new Date(`${addDays(today, -32)}T10:00:00Z`),
  );

  // Synthetic, labelled: accountability meetings with the Chief Constable.
  for (const [n, offset] of [
    [1, -45],
    [2, 20],
  ] as const) {
    const m = await service.createMeeting(
      actor,
      {
        kind: 'accountability',
        title: `Scrutiny, performance and accountability meeting ${n} (demo)`,
        meetingDate: addDays(today, offset),
        place: 'Police headquarters (demo)',
        status: offset < 0 ? 'held' : 'scheduled',
        minutes: null,
        publicSummary:
          offset < 0 ? 'Demo record: the Commissioner questioned the Chief Constable on neighbourhood policing and violence against women and girls.' : null,
      },
      { isDemo: true },
    );
    if (offset < 0) {
      const t1 = await service.addTopic(actor, m.id, {
        title: 'Visible neighbourhood policing (demo)',
        priorityId: pr('P2') ?? null,
        measureId: null,
        question: 'How many neighbourhood officers were abstracted to response duties last quarter?',
      });
      await service.answerTopic(actor, t1.id, 'Demo record: abstractions fell over the quarter; the figures will be reported at the next meeting.');
      await service.addTopic(actor, m.id, {
        title: 'Safety of women and girls (demo)',
        priorityId: pr('P3') ?? null,
        measureId: null,
        question: 'What is the charge rate for stalking offences?',
      });
      await service.addAction(actor, m.id, {
        description: 'Provide abstraction figures by district (demo)',
        owner: 'Assistant Chief Constable',
        dueDate: addDays(today, -5),
      });
      const done = await service.addAction(actor, m.id, {
        description: 'Share the stalking problem profile with the OPCC (demo)',
        owner: 'Head of Public Protection',
        dueDate: addDays(today, -20),
      });
      await service.closeAction(actor, done.id, { closedOn: addDays(today, -22), closureNote: 'Demo record: shared with the OPCC.' });
    }
  }

  // Synthetic, labelled: decisions, one with exempt parts.
  await service.createDecision(
    actor,
    {
      reference: 'DEMO-DN-001',
      title: 'Precept proposal (demo)',
      decisionDate: addDays(today, -100),
      decidedBy: 'Police and Crime Commissioner',
      summary: 'Demo record: the proposed precept was put to the Panel.',
      financialImplications: 'Demo record: see the medium-term financial plan.',
      significantPublicInterest: true,
      exemptParts: null,
      exemptionReason: null,
      published: true,
    },
    { isDemo: true },
  );
  await service.createDecision(
    actor,
    {
      reference: 'DEMO-DN-002',
      title: 'Victim services contract award (demo)',
      decisionDate: addDays(today, -40),
      decidedBy: 'Police and Crime Commissioner',
      summary: 'Demo record: the contract for victim referral services was awarded after open tender.',
      financialImplications: 'Demo record: within the commissioning budget.',
      significantPublicInterest: true,
      exemptParts: 'Demo record: the tender scores and prices of unsuccessful bidders.',
      exemptionReason: 'Commercially sensitive (demo).',
      published: true,
    },
    { isDemo: true },
  );
  await service.createDecision(
    actor,
    {
      reference: 'DEMO-DN-003',
      title: 'Estates review (demo, not yet published)',
      decisionDate: addDays(today, -3),
      decidedBy: 'Police and Crime Commissioner',
      summary: 'Demo record: a draft decision awaiting publication.',
      financialImplications: null,
      significantPublicInterest: false,
      exemptParts: null,
      exemptionReason: null,
      published: false,
    },
    { isDemo: true },
  );

  // Synthetic, labelled: an HMICFRS PEEL inspection with findings linked to priorities.
  const insp = await service.createInspection(
    actor,
    {
      reference: 'demo-peel',
      title: 'PEEL inspection of the force (demo)',
      kind: 'peel',
      publishedOn: addDays(today, -30),
      summary: 'Demo record: a PEEL inspection with a cause of concern, a recommendation and an area for improvement.',
      url: null,
    },
    { isDemo: true },
  );
  const f1 = await service.addFinding(actor, insp.id, {
    kind: 'cause-of-concern',
    text: 'Demo record: the force does not answer emergency calls quickly enough.',
    priorityIds: [pr('P2')].filter((x): x is string => Boolean(x)),
  });
  await service.addFinding(actor, insp.id, {
    kind: 'recommendation',
    text: 'Demo record: within six months, the force should make sure that vulnerable victims are safeguarded promptly.',
    priorityIds: [pr('P4')].filter((x): x is string => Boolean(x)),
  });
  await service.addFinding(actor, insp.id, {
    kind: 'area-for-improvement',
    text: 'Demo record: the force should improve how it records anti-social behaviour.',
    priorityIds: [pr('P1')].filter((x): x is string => Boolean(x)),
  });
  await service.addFindingUpdate(actor, f1.id, {
    updateDate: addDays(today, -10),
    text: 'Demo record: a call-handling improvement plan is in place.',
    status: 'in-progress',
  });

  // Horizon items from the 2021 plan (seed 002), and synthetic risks.
  const review = addDays(today, 60);
  await service.saveRisk(actor, {
    reference: 'H1',
    kind: 'horizon',
    title: 'Fire governance',
    description: 'Fire Reform White Paper consultation (summer 2021); mandated 2024 elections.',
    likelihood: 3,
    impact: 4,
    owner: 'Chief Executive',
    mitigations: 'Monitor the white paper and respond to the consultation.',
    reviewDate: review,
    closed: false,
    isPublic: true,
  });
  await service.saveRisk(actor, {
    reference: 'H2',
    kind: 'horizon',
    title: 'PCC Review 2',
    description: 'Potential broadening of responsibilities.',
    likelihood: 3,
    impact: 3,
    owner: 'Chief Executive',
    mitigations: null,
    reviewDate: review,
    closed: false,
    isPublic: true,
  });
  await service.saveRisk(actor, {
    reference: 'H3',
    kind: 'horizon',
    title: 'Succession planning',
    description: 'Succession planning in the office.',
    likelihood: 2,
    impact: 3,
    owner: 'Chief Executive',
    mitigations: null,
    reviewDate: review,
    closed: false,
    isPublic: true,
  });
  await service.saveRisk(
    actor,
    {
      reference: 'R1',
      kind: 'risk',
      title: 'Funding shortfall (demo)',
      description: 'Demo record: the funding settlement does not cover pay awards.',
      likelihood: 4,
      impact: 4,
      owner: 'Chief Finance Officer',
      mitigations: 'Demo record: medium-term financial plan with savings options.',
      reviewDate: addDays(today, -7),
      closed: false,
      isPublic: false,
    },
    undefined,
    { isDemo: true },
  );
  await service.saveRisk(
    actor,
    {
      reference: 'R2',
      kind: 'risk',
      title: 'Loss of public confidence after disorder (demo)',
      description: 'Demo record: confidence falls after public disorder.',
      likelihood: 2,
      impact: 5,
      owner: 'Head of Communications',
      mitigations: 'Demo record: engagement plan with community leaders.',
      reviewDate: review,
      closed: false,
      isPublic: true,
    },
    undefined,
    { isDemo: true },
  );

  // Statutory calendar: the last ordinary PCC election was on 2 May 2024.
  await service.setCalendarSettings(actor, { ...(await service.calendarSettings()), lastElectionDate: '2024-05-02' });
  const classes = await service.publicationSchedule();
  for (const c of classes.filter((x) => x.whereUrl?.startsWith('/')))
    await service.updatePublicationClass(actor, c.id, { whereUrl: c.whereUrl, lastUpdated: addDays(today, -14) });
}
