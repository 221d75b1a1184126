import type { Platform } from '../../platform/context.js';
import { PUBLIC_ACTOR, SYSTEM_ACTOR } from '../../platform/roles.js';
import { formatDate } from '../../platform/views.js';
import {
  DEMO_FIGURE_SOURCE,
  SEED_FUNDING_THOUSANDS,
  SEED_OPCC_CUT,
  SEED_PROPERTY_ACT_FUND,
  SEED_WORKFORCE,
  SEED_YEARS,
  demoAwardAmounts,
  demoCurrentPlanFigures,
  financialYearsOf,
  thousandsToPence,
} from './demoData.js';
import { addDays } from '../../platform/dates.js';
import type { ResourcesService } from './resourcesService.js';

const SOURCE = 'Police and Crime Plan 2014/17 refresh (March 2014)';
const REFRESH_PLAN = 'cleveland-2014-17';
const PROPERTY_FUND_PLAN = 'cleveland-2013-16';
const CURRENT_PLAN = 'cleveland-2024-29';

/** The demo spending lines (synthetic, labelled as demo). */
const DEMO_SPENDING_CSV = `reference,paid_on,supplier,description,category,amount
DEMO-0001,2025-04-07,Demo victim support provider A,Victim and witness support service (April),Commissioned services,"37,500.00"
DEMO-0002,2025-04-14,Demo print supplier,Consultation leaflets (demo),Communications,742.00
DEMO-0003,2025-04-22,Demo venue hire,Public engagement meeting room hire (demo),Engagement,615.50
DEMO-0004,2025-05-06,Demo domestic abuse service B,Independent domestic violence advisers (May),Commissioned services,"10,000.00"
DEMO-0005,2025-05-19,Demo IT supplier,Case management licences (demo),IT,"2,340.00"
`;

/**
 * The resources demo: the 2014/17 refresh's workforce and funding forecast exactly as printed,
 * its Specials target, the OPCC budget cut and the Property Act Fund's 46 awards totalling
 * £39,000 (recipients labelled "Demo community group N"), a few commissioned victims' services
 * linked to the 2024–29 priorities, and an open demo round for trying the public form.
 * Runs after the plans demo (links are made only to plans that exist).
 */
export async function loadResourcesDemo(platform: Platform, service: ResourcesService) {
  const actor = SYSTEM_ACTOR;
  const planExists = async (ref: string) => Boolean(await service.planPriorities(ref));

  // Workforce FTE and funding forecast, 2013/14–2016/17.
  for (const [i, year] of SEED_YEARS.entries()) {
    await service.setWorkforceFigure(actor, {
      financialYear: year,
      category: 'police-officers',
      kind: 'plan',
      fte: SEED_WORKFORCE['police-officers'][i],
      source: SOURCE,
    });
    await service.setWorkforceFigure(actor, { financialYear: year, category: 'pcsos', kind: 'plan', fte: SEED_WORKFORCE.pcsos[i], source: SOURCE });
    await service.saveFinanceLine(actor, {
      financialYear: year,
      kind: 'funding',
      category: 'total-funding',
      label: 'Funding forecast',
      forecastPence: thousandsToPence(SEED_FUNDING_THOUSANDS[i]),
      actualPence: null,
      note: SOURCE,
    });
  }
  // The years of the current plan: made-up figures, labelled as demo wherever they show.
  const term = await service.currentPlanTerm();
  for (const f of term ? demoCurrentPlanFigures(financialYearsOf(term.start, term.end)) : []) {
    await service.setWorkforceFigure(actor, { financialYear: f.year, category: 'police-officers', kind: 'plan', fte: f.officers, source: DEMO_FIGURE_SOURCE });
    await service.setWorkforceFigure(actor, { financialYear: f.year, category: 'pcsos', kind: 'plan', fte: f.pcsos, source: DEMO_FIGURE_SOURCE });
    await service.saveFinanceLine(actor, {
      financialYear: f.year,
      kind: 'funding',
      category: 'total-funding',
      label: 'Funding forecast (demo figure)',
      forecastPence: thousandsToPence(f.fundingThousands),
      actualPence: null,
      note: DEMO_FIGURE_SOURCE,
      isDemo: true,
    });
  }
  const refresh = await planExists(REFRESH_PLAN);
  await service.addWorkforceTarget(actor, {
    category: 'special-constables',
    label: 'Increase the number of Special Constables to 200',
    targetFte: 200,
    byYear: '2014/15',
    planReference: refresh ? REFRESH_PLAN : null,
    commitmentReference: refresh ? 'P1-C6' : null,
  });
  await service.saveFinanceLine(actor, {
    financialYear: '2013/14',
    kind: 'spending',
    category: 'Office of the Police and Crime Commissioner',
    label: 'OPCC budget reduction compared with Cleveland Police Authority',
    forecastPence: -SEED_OPCC_CUT.pence,
    actualPence: null,
    note: `A ${SEED_OPCC_CUT.percent}% reduction, so that more money is focused on frontline services (${SOURCE})`,
  });

  // The Property Act Fund, 2013: 46 awards totalling £39,000.
  const fund = await service.createFund(actor, {
    name: 'Property Act Fund',
    description:
      'Money from the sale of property that came into the possession of the police, given to community projects that contribute to meeting the objectives of the Police and Crime Plan.',
  });
  const propertyPlan = (await service.planPriorities(PROPERTY_FUND_PLAN)) ?? null;
  const round = await service.openRound(actor, {
    fundId: fund.id,
    title: 'Property Act Fund 2013',
    description: 'Grants to community-led projects (demo applications: the recipients are not the real ones).',
    criteria: [
      { key: 'c1', title: 'Contribution to the Police and Crime Plan objectives', maxScore: 5 },
      { key: 'c2', title: 'Benefit to the local community', maxScore: 5 },
      { key: 'c3', title: 'Value for money', maxScore: 5 },
    ],
    opensOn: '2013-04-01',
    closesOn: '2014-03-31',
    maxAwardPence: 200_000,
    planReference: propertyPlan ? PROPERTY_FUND_PLAN : null,
  });
  const areas = (await platform.settings.getArea()).localAuthorities.map((a) => a.name);
  const amounts = demoAwardAmounts(SEED_PROPERTY_ACT_FUND.awards, SEED_PROPERTY_ACT_FUND.totalPence);
  for (const [i, amountPence] of amounts.entries()) {
    const n = i + 1;
    const app = await service.submitApplication(
      PUBLIC_ACTOR,
      round.id,
      {
        organisation: `Demo community group ${n}`,
        contactName: `Demo contact ${n}`,
        contactEmail: `group${n}@demo.openpcc.test`,
        project: `Demo community project ${n}`,
        description: 'A demo community-led project (synthetic record for the demonstration).',
        amountPence,
        priorityReference: propertyPlan?.priorities[i % propertyPlan.priorities.length]?.reference ?? 'none',
        area: areas.length ? areas[i % areas.length] : 'Whole area',
      },
      { isDemo: true },
    );
    await service.decideApplication(actor, app.id, { decision: 'award', amountPence, awardedOn: '2014-01-31' });
  }
  await service.closeRound(actor, round.id);

  // An open round for trying the public form, with the demo editor and analyst as assessors.
  const today = platform.clock.today();
  const current = await service.planPriorities(CURRENT_PLAN);
  const csf = await service.createFund(actor, {
    name: 'Community Safety Fund (demo)',
    description: 'A demo fund for community projects that serve the current Police and Crime Plan.',
  });
  const open = await service.openRound(actor, {
    fundId: csf.id,
    title: `Community Safety Fund round (demo, opened ${formatDate(today)})`,
    description: 'Small grants up to £5,000 for voluntary and community groups. This is a demo round.',
    criteria: [
      { key: 'c1', title: 'Serves a priority of the Police and Crime Plan', maxScore: 5 },
      { key: 'c2', title: 'Clear outcomes for the community', maxScore: 5 },
      { key: 'c3', title: 'Value for money', maxScore: 5 },
    ],
    opensOn: today,
    closesOn: addDays(today, 365),
    maxAwardPence: 500_000,
    planReference: current ? CURRENT_PLAN : null,
  });
  for (const email of ['editor@demo.openpcc.test', 'analyst@demo.openpcc.test']) {
    const u = await platform.users.findByEmail(email);
    if (u) await service.assignAssessor(actor, open.id, u.id);
  }

  // Commissioned victims' services linked to the 2024–29 priorities (synthetic, labelled demo).
  const linked = (refs: string[]) => (current ? refs.filter((r) => current.priorities.some((p) => p.reference === r)) : []);
  const services = [
    {
      reference: 'DEMO-VS-001',
      provider: 'Demo victim support provider A',
      service: 'Victim and witness support service (demo)',
      valuePence: 45_000_000,
      startDate: '2024-04-01',
      endDate: addDays(today, 60),
      livingWage: 'accredited' as const,
      priorities: ['P4'],
    },
    {
      reference: 'DEMO-VS-002',
      provider: 'Demo domestic abuse service B',
      service: 'Independent domestic violence advisers (demo)',
      valuePence: 12_000_000,
      startDate: '2025-04-01',
      endDate: addDays(today, 400),
      livingWage: 'pays' as const,
      priorities: ['P3', 'P4'],
    },
    {
      reference: 'DEMO-VS-003',
      provider: 'Demo restorative justice service C',
      service: 'Restorative justice for victims (demo)',
      valuePence: 8_500_000,
      startDate: '2025-04-01',
      endDate: addDays(today, 200),
      livingWage: 'unknown' as const,
      priorities: ['P4', 'P6'],
    },
  ];
  for (const s of services) {
    const c = await service.saveContract(actor, {
      reference: s.reference,
      provider: s.provider,
      service: s.service,
      valuePence: s.valuePence,
      startDate: s.startDate,
      endDate: s.endDate,
      fundingSource: 'Ministry of Justice victims grant',
      livingWage: s.livingWage,
      planReference: current ? CURRENT_PLAN : null,
      priorityReferences: linked(s.priorities),
      contactEmail: null,
      isDemo: true,
    });
    if (s.reference === 'DEMO-VS-001') {
      await service.addContractReturn(actor, c.id, {
        quarter: '2025/26 Q1',
        outputs: 'Demo: 412 referrals received; 380 victims contacted within 48 hours.',
        outcomes: 'Demo: 86% of victims supported said they felt better able to cope.',
        peopleSupported: 380,
      });
    }
  }

  await service.importSpending(actor, DEMO_SPENDING_CSV);
}
