import type { UsersService } from '../../platform/identity/usersService.js';
import type { Actor } from '../../platform/roles.js';
import { isRole, SYSTEM_ACTOR } from '../../platform/roles.js';
import type { PlanTree } from './planTypes.js';
import { ACTION_COLUMNS, toCsv } from './csv.js';
import type { PlansLookup } from './deps.js';
import type { DeliveryService } from './deliveryService.js';
import { financialYear } from '../../platform/dates.js';
import { firstYearOf, type StartPlan } from './startPlan.js';

/** The first sentence of a seed item, for an action's title (the whole item is its description). */
export function seedTitle(text: string): string {
  const t = text
    .trim()
    .replace(/[;,.]\s*(and)?$/i, '')
    .trim();
  const first = t.split(/(?<=[a-z0-9)])\.\s+(?=[A-Z])/)[0];
  const capped = first.charAt(0).toUpperCase() + first.slice(1);
  if (capped.length <= 200) return capped;
  const cut = capped.slice(0, 199);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

export function seedDescription(text: string): string {
  const t = text
    .trim()
    .replace(/[;,]\s*(and)?$/i, '')
    .trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

/** Illustrative actions for the 2024–29 plan's six priority objectives: demo, not published text. */
const DEMO_ACTIONS: Record<
  string,
  { title: string; owner: string; org: string; due: string; weight?: number; status: string; progress: number; areas?: string[] }[]
> = {
  P1: [
    {
      title: 'Run a problem-solving plan for antisocial behaviour hotspots in each local authority',
      owner: 'forcelead',
      org: 'Cleveland Police',
      due: '2026-03-31',
      weight: 2,
      status: 'on-track',
      progress: 55,
      areas: ['E06000001', 'E06000002', 'E06000003', 'E06000004'],
    },
    {
      title: 'Commission a county lines and serious violence prevention programme with partners',
      owner: 'editor',
      org: 'OPCC',
      due: '2025-12-31',
      status: 'at-risk',
      progress: 30,
    },
    {
      title: 'Extend retail crime partnership working to town centres',
      owner: 'forcelead',
      org: 'Cleveland Police',
      due: '2026-02-28',
      status: 'on-track',
      progress: 40,
      areas: ['E06000002'],
    },
  ],
  P2: [
    {
      title: 'Publish neighbourhood team contact details and priorities for every ward',
      owner: 'forcelead',
      org: 'Cleveland Police',
      due: '2025-09-30',
      status: 'complete',
      progress: 100,
    },
    {
      title: 'Improve 101 non-emergency call answering times',
      owner: 'forcelead',
      org: 'Cleveland Police',
      due: '2026-03-31',
      weight: 3,
      status: 'off-track',
      progress: 20,
    },
  ],
  P3: [
    { title: 'Fund specialist stalking advocacy across the force area', owner: 'editor', org: 'OPCC', due: '2026-03-31', status: 'on-track', progress: 60 },
    {
      title: 'Deliver safer night-time economy patrols and venue training',
      owner: 'forcelead',
      org: 'Cleveland Police',
      due: '2025-12-31',
      status: 'on-track',
      progress: 50,
      areas: ['E06000002', 'E06000004'],
    },
    {
      title: 'Run a public campaign on healthy relationships with schools',
      owner: 'editor',
      org: 'Partner: local authorities',
      due: '2026-03-31',
      status: 'not-started',
      progress: 0,
    },
  ],
  P4: [
    { title: 'Recommission the victim care and advice service', owner: 'editor', org: 'OPCC', due: '2026-03-31', weight: 2, status: 'on-track', progress: 45 },
    {
      title: 'Check compliance with the Victims’ Code each quarter',
      owner: 'forcelead',
      org: 'Cleveland Police',
      due: '2026-03-31',
      status: 'at-risk',
      progress: 25,
    },
  ],
  P5: [
    {
      title: 'Hold public scrutiny meetings with the Chief Constable each quarter',
      owner: 'editor',
      org: 'OPCC',
      due: '2026-03-31',
      status: 'on-track',
      progress: 50,
    },
    {
      title: 'Publish stop and search scrutiny panel findings',
      owner: 'forcelead',
      org: 'Cleveland Police',
      due: '2025-12-31',
      status: 'on-track',
      progress: 35,
    },
    {
      title: 'Reduce the time taken to resolve public complaints',
      owner: 'forcelead',
      org: 'Cleveland Police',
      due: '2026-03-31',
      status: 'off-track',
      progress: 15,
    },
  ],
  P6: [
    {
      title: 'Expand the out-of-court disposals and diversion scheme',
      owner: 'editor',
      org: 'Partner: probation service',
      due: '2026-03-31',
      status: 'on-track',
      progress: 40,
    },
    {
      title: 'Work with housing providers on accommodation for people leaving prison',
      owner: 'editor',
      org: 'Partner: housing providers',
      due: '2026-03-31',
      status: 'not-started',
      progress: 0,
      areas: ['E06000003'],
    },
  ],
};

const DEMO_NOTE = 'Demo action: illustrative only, not taken from a published document.';

async function actorOf(users: UsersService, email: string): Promise<Actor> {
  const u = await users.findByEmail(email);
  return u && isRole(u.role) ? { id: u.id, label: u.email, role: u.role, organisation: u.organisation } : SYSTEM_ACTOR;
}

function priorityFor(tree: PlanTree, reference: string, title: string) {
  return tree.priorities.find((p) => p.reference === reference) ?? tree.priorities.find((p) => p.title === title);
}

/**
 * The demo: the 2014/17 refresh's "In 2013 I have…" items as the completed actions of 2013/14,
 * its 34 "In 2014/15 I will…" items as the 2014/15 delivery plan, and an illustrative 2025/26
 * delivery plans for the 2024–29 plan: the financial year before the one containing today, with a
 * few updates in each state, and today's year started from it (its open actions carried over), so
 * updates are due in this period whatever the date. The 2013/14 annual report is published.
 */
export async function loadDeliveryDemo(service: DeliveryService, start: StartPlan, plans: PlansLookup, users: UsersService, today: string) {
  const refresh = await plans.getTreeByReference('cleveland-2014-17');
  const first = await plans.getTreeByReference('cleveland-2013-16');
  const current = await plans.getTreeByReference('cleveland-2024-29');
  if (refresh) {
    if (first) {
      const dp = await service.createPlan(SYSTEM_ACTOR, { planId: first.id, startYear: 2013 });
      const rows = refresh.priorities.flatMap((p) => {
        const target = priorityFor(first, p.reference, p.title);
        return target
          ? p.achievements.map((text, i) => ({
              reference: `${target.reference}-A${i + 1}`,
              title: seedTitle(text),
              description: seedDescription(text),
              priority: target.reference,
              lead_organisation: 'OPCC',
              start_date: '2013-04-01',
              due_date: '2014-03-31',
              status: 'complete',
              progress: 100,
            }))
          : [];
      });
      await service.importActions(SYSTEM_ACTOR, dp.id, toCsv(ACTION_COLUMNS, rows));
      if (refresh.summary) await service.setCommentary(SYSTEM_ACTOR, dp.id, 'annual', '', refresh.summary);
      // The 2013/14 annual report was published (as the 2014/17 refresh): so it is here.
      await service.setAnnualReportPublished(SYSTEM_ACTOR, dp.id, true);
    }
    const dp = await service.createPlan(SYSTEM_ACTOR, { planId: refresh.id, startYear: 2014 });
    const rows = refresh.priorities.flatMap((p) =>
      p.plannedActions.map((text, i) => ({
        reference: `${p.reference}-A${i + 1}`,
        title: seedTitle(text),
        description: seedDescription(text),
        priority: p.reference,
        lead_organisation: 'OPCC',
        start_date: '2014-04-01',
        due_date: '2015-03-31',
        status: 'not-started',
        progress: 0,
      })),
    );
    await service.importActions(SYSTEM_ACTOR, dp.id, toCsv(ACTION_COLUMNS, rows));
  }
  if (current) await loadCurrentYears(service, start, current, users, today);
}

/** A demo date given as 2025/26's month and day, moved into the financial year starting in `startYear`. */
export function inYear(date2025: string, startYear: number): string {
  const month = Number(date2025.slice(5, 7));
  return `${month >= 4 ? startYear : startYear + 1}${date2025.slice(4)}`;
}

/**
 * The 2024–29 plan's demo years, computed from the clock when the demo loads: the year before the
 * one containing today (within the plan's term) with its updates, then today's year carried over
 * from it. At the first year of the term there is no year before: today's year gets the actions.
 */
async function loadCurrentYears(service: DeliveryService, start: StartPlan, current: PlanTree, users: UsersService, today: string) {
  const thisYear = firstYearOf(current, today);
  const termFirst = firstYearOf(current, current.termStart);
  const year = thisYear > termFirst ? thisYear - 1 : thisYear;
  const fy = financialYear(year);
  const dp = await service.createPlan(SYSTEM_ACTOR, { planId: current.id, startYear: year, title: `Delivery plan ${fy.label} (demo)`, isDemo: true });
  const rows = current.priorities.flatMap((p) =>
    (DEMO_ACTIONS[p.reference] ?? []).map((a, i) => ({
      reference: `${p.reference}-A${i + 1}`,
      title: a.title,
      description: DEMO_NOTE,
      priority: p.reference,
      owner_email: `${a.owner}@demo.openpcc.test`,
      lead_organisation: a.org,
      start_date: fy.start,
      due_date: inYear(a.due, year),
      weight: a.weight ?? '',
      status: 'not-started',
      progress: 0,
      area_codes: a.areas ?? [],
    })),
  );
  await service.importActions(SYSTEM_ACTOR, dp.id, toCsv(ACTION_COLUMNS, rows), { isDemo: true });
  const lead = await actorOf(users, 'forcelead@demo.openpcc.test');
  const editor = await actorOf(users, 'editor@demo.openpcc.test');
  const view = await service.planView(dp.id, { publicOnly: false });
  const spec = new Map(current.priorities.flatMap((p) => (DEMO_ACTIONS[p.reference] ?? []).map((a, i): [string, typeof a] => [`${p.reference}-A${i + 1}`, a])));
  // Updates only for quarters that have begun by today (none when the year has only just started).
  const q1 = inYear('2025-07-08', year);
  const q2 = inYear('2025-10-07', year);
  let n = 0;
  for (const action of view.actions) {
    const s = spec.get(action.reference);
    if (!s || s.status === 'not-started' || q1 > today) continue;
    const author = s.owner === 'forcelead' ? lead : editor;
    // The first quarter: approved, so the public sees it and the action takes its status.
    const first = await service.postUpdate(author, action.id, {
      asOf: q1,
      narrative: `Quarter 1: work started as planned. ${s.title} is ${Math.round(s.progress / 2)}% complete. (Demo update.)`,
      status: s.status === 'complete' ? 'on-track' : s.status,
      progress: Math.round(s.progress / 2),
    });
    await service.review(editor, first.id, { approve: true });
    n++;
    if (q2 > today) continue;
    // The second quarter: some approved, one rejected, the rest waiting for approval.
    const second = await service.postUpdate(author, action.id, {
      asOf: q2,
      narrative: `Quarter 2: ${s.status === 'off-track' ? 'behind plan; a recovery plan is being agreed.' : 'progress continues.'} (Demo update.)`,
      status: s.status,
      progress: s.progress,
    });
    if (n % 3 === 0) await service.review(editor, second.id, { approve: false, reason: 'Please add the figures for the quarter and a link to the evidence.' });
    else if (n % 3 === 1) await service.review(editor, second.id, { approve: true });
  }
  // Today's year, started from the year before: its open actions carried over with their updates.
  if (year < thisYear) {
    await start.startNextYear(SYSTEM_ACTOR, dp.id, { title: `Delivery plan ${financialYear(thisYear).label} (demo)` });
  }
}
