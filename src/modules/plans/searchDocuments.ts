import type { Database } from '../../db/index.js';
import { joinText, yearOf, searchSource, type SearchDocument, type SearchSource } from '../../platform/searchDocuments.js';
import { isPublic } from './lifecycle.js';
import { plansPermissions } from './plansPermissions.js';
import { publicPlanPaths } from './presenters/publicPlans.js';
import { plansRepository } from './plansRepository.js';

const enc = encodeURIComponent;

/** The audit entity types whose changes can change these documents: the plans and their items (a plan's status decides what is public). */
const PLANS_SEARCH_ENTITY_TYPES = ['plan', 'outcome', 'priority', 'section', 'commitment', 'force-priority', 'measure'];

/**
 * Plans, their priorities and commitments for the site-wide search: a published (or superseded)
 * plan's text on its public pages; every version, drafts included, to the roles that may read
 * drafts, on the staff pages. A draft's text never goes in a public document.
 */
export function plansSearchSource(database: Database): SearchSource {
  return searchSource('plans', PLANS_SEARCH_ENTITY_TYPES, async () => {
    const { plans: ps, priorities: prs, commitments: cs } = await plansRepository.everything(database.db);
    const planById = new Map(ps.map((p) => [p.id, p]));
    const priorityById = new Map(prs.map((p) => [p.id, p]));
    const staff = plansPermissions.table['plan:view-drafts'];
    const out: SearchDocument[] = [];
    const add = (d: Omit<SearchDocument, 'audience' | 'href'>, status: (typeof ps)[number]['status'], publicHref: string, staffHref: string) => {
      if (isPublic(status)) out.push({ ...d, href: publicHref, audience: 'public' });
      out.push({ ...d, href: staffHref, audience: staff });
    };
    for (const p of ps) {
      add(
        { kind: 'plan', id: p.id, title: p.documentTitle ?? p.title, body: joinText(p.summary, p.vision, p.mission, p.values), year: yearOf(p.termStart) },
        p.status,
        publicPlanPaths.plan(p.reference),
        `/admin/plans/${enc(p.id)}`,
      );
    }
    for (const pr of prs) {
      const p = planById.get(pr.planId);
      if (!p) continue;
      add(
        {
          kind: 'priority',
          id: pr.id,
          title: pr.title,
          body: joinText(pr.narrative, pr.achievements, pr.plannedActions, ...pr.lists.map((l) => joinText(l.label, l.items))),
          year: yearOf(p.termStart),
        },
        p.status,
        publicPlanPaths.priority(p.reference, pr.reference),
        `/admin/plans/${enc(p.id)}`,
      );
    }
    for (const c of cs) {
      const p = planById.get(c.planId);
      const pr = priorityById.get(c.priorityId);
      if (!p || !pr) continue;
      add(
        { kind: 'commitment', id: c.id, title: c.title, body: joinText(c.description), year: yearOf(p.termStart) },
        p.status,
        publicPlanPaths.priority(p.reference, pr.reference),
        `/admin/plans/${enc(p.id)}`,
      );
    }
    return out;
  });
}
