import { isPublic } from '../lifecycle.js';
import type { Plan, PlanTree } from '../plansRepository.js';
import { publicLineage, publicPlanPaths } from '../presenters/publicPlans.js';

/**
 * The plan as open data: the shape of `GET /api/v1/plans/{id}` and `/plans/{ref}/plan.json`,
 * with the JSON schemas that document it in /api/v1/openapi.json. Only public plans are given
 * here by the routes; lineage links name public versions only.
 */

const nullableString = { type: ['string', 'null'] } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;
const planRefSchema = {
  type: ['object', 'null'],
  description: 'A public version of the plan in the same lineage',
  properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, title: { type: 'string' } },
  required: ['id', 'reference', 'title'],
} as const;

export const planLinksSchema = {
  type: 'object',
  properties: {
    self: { type: 'string', description: 'This plan in the API' },
    html: { type: 'string', description: 'The public page of the plan' },
    docx: { type: 'string', description: 'The plan as a Word document' },
    json: { type: 'string', description: 'The plan as a JSON download' },
  },
  required: ['self', 'html', 'docx', 'json'],
} as const;

const planSummaryProperties = {
  id: { type: 'string', format: 'uuid' },
  reference: { type: 'string', description: 'Stable reference of the plan, unique across versions' },
  title: { type: 'string' },
  status: { type: 'string', enum: ['published', 'superseded'] },
  version: { type: 'integer', minimum: 1 },
  term: { type: 'object', properties: { start: { type: 'string', format: 'date' }, end: { type: 'string', format: 'date' } }, required: ['start', 'end'] },
  priorityLabel: { type: 'string', description: 'What a priority is called in this plan (Objective, Priority, Point…)' },
  publishedAt: { type: ['string', 'null'], format: 'date-time' },
  refreshes: planRefSchema,
  supersededBy: planRefSchema,
  links: planLinksSchema,
} as const;
const planSummaryRequired = [
  'id',
  'reference',
  'title',
  'status',
  'version',
  'term',
  'priorityLabel',
  'publishedAt',
  'refreshes',
  'supersededBy',
  'links',
] as const;

export const planSummarySchema = { type: 'object', properties: planSummaryProperties, required: planSummaryRequired } as const;

export const planTreeSchema = {
  type: 'object',
  properties: {
    ...planSummaryProperties,
    summary: nullableString,
    vision: nullableString,
    mission: nullableString,
    values: stringList,
    outcomes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          reference: { type: 'string' },
          number: { type: 'integer' },
          title: { type: 'string' },
          description: nullableString,
        },
        required: ['id', 'reference', 'number', 'title', 'description'],
      },
    },
    priorities: {
      type: 'array',
      description: 'In the order of the plan',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          reference: { type: 'string' },
          number: { type: 'integer' },
          label: { type: 'string', description: 'e.g. "Objective 2"' },
          title: { type: 'string' },
          narrative: nullableString,
          outcomes: { ...stringList, description: 'References of the outcomes this priority serves' },
          commitments: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string', format: 'uuid' },
                reference: { type: 'string' },
                number: { type: 'integer' },
                title: { type: 'string' },
                description: nullableString,
              },
              required: ['id', 'reference', 'number', 'title', 'description'],
            },
          },
          forcePriorities: {
            type: 'array',
            items: {
              type: 'object',
              properties: { reference: { type: 'string' }, title: { type: 'string' }, lead: nullableString, areasOfFocus: stringList },
              required: ['reference', 'title', 'lead', 'areasOfFocus'],
            },
          },
          measures: {
            type: 'array',
            items: { type: 'object', properties: { measure: { type: 'string' }, outcome: nullableString }, required: ['measure', 'outcome'] },
          },
          achievements: { ...stringList, description: 'What was achieved in the past year (annual refresh)' },
          plannedActions: { ...stringList, description: 'What is planned for the coming year (annual refresh)' },
          links: { type: 'object', properties: { html: { type: 'string' } }, required: ['html'] },
        },
        required: [
          'id',
          'reference',
          'number',
          'label',
          'title',
          'narrative',
          'outcomes',
          'commitments',
          'forcePriorities',
          'measures',
          'achievements',
          'plannedActions',
          'links',
        ],
      },
    },
    sections: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          reference: { type: 'string' },
          title: { type: 'string' },
          body: nullableString,
          covers: { ...stringList, description: 'Statutory contents (PRSRA 2011 s.7) the section covers' },
        },
        required: ['reference', 'title', 'body', 'covers'],
      },
    },
  },
  required: [...planSummaryRequired, 'summary', 'vision', 'mission', 'values', 'outcomes', 'priorities', 'sections'],
} as const;

export const problemSchema = {
  type: 'object',
  description: 'An error (RFC 9457 problem details)',
  properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' } },
  required: ['type', 'title', 'status'],
} as const;

function absolute(baseUrl: string, path: string) {
  return `${baseUrl.replace(/\/$/, '')}${path}`;
}

function isoDate(d: Date | string | null): string | null {
  if (!d) return null;
  return d instanceof Date ? d.toISOString() : new Date(d).toISOString();
}

/** The summary of a public plan, with links and its public lineage. */
export function planSummaryJson(plan: Plan, publicPlans: Plan[], baseUrl: string) {
  const visible = publicPlans.filter((p) => isPublic(p.status));
  const ref = (p: Plan | undefined) => (p ? { id: p.id, reference: p.reference, title: p.title } : null);
  const lineage = publicLineage(plan, visible);
  return {
    id: plan.id,
    reference: plan.reference,
    title: plan.title,
    status: plan.status,
    version: plan.version,
    term: { start: plan.termStart, end: plan.termEnd },
    priorityLabel: plan.priorityLabel,
    publishedAt: isoDate(plan.publishedAt),
    refreshes: ref(lineage.refreshes ? visible.find((p) => p.reference === lineage.refreshes!.reference) : undefined),
    supersededBy: ref(lineage.supersededBy ? visible.find((p) => p.reference === lineage.supersededBy!.reference) : undefined),
    links: {
      self: absolute(baseUrl, publicPlanPaths.api(plan.reference)),
      html: absolute(baseUrl, publicPlanPaths.plan(plan.reference)),
      docx: absolute(baseUrl, publicPlanPaths.docx(plan.reference)),
      json: absolute(baseUrl, publicPlanPaths.json(plan.reference)),
    },
  };
}

/** The whole tree of a public plan, in the plan's order. */
export function planTreeJson(tree: PlanTree, publicPlans: Plan[], baseUrl: string) {
  const outcomeRefs = new Map(tree.outcomes.map((o) => [o.id, o.reference]));
  return {
    ...planSummaryJson(tree, publicPlans, baseUrl),
    summary: tree.summary,
    vision: tree.vision,
    mission: tree.mission,
    values: tree.values,
    outcomes: tree.outcomes.map((o, i) => ({ id: o.id, reference: o.reference, number: i + 1, title: o.title, description: o.description })),
    priorities: tree.priorities.map((p, i) => ({
      id: p.id,
      reference: p.reference,
      number: i + 1,
      label: `${tree.priorityLabel} ${i + 1}`,
      title: p.title,
      narrative: p.narrative,
      outcomes: p.outcomeIds.map((id) => outcomeRefs.get(id)).filter((r): r is string => Boolean(r)),
      commitments: p.commitments.map((c, j) => ({ id: c.id, reference: c.reference, number: j + 1, title: c.title, description: c.description })),
      forcePriorities: p.forcePriorities.map((f) => ({ reference: f.reference, title: f.title, lead: f.lead, areasOfFocus: f.areasOfFocus })),
      measures: p.measures.map((m) => ({ measure: m.measure, outcome: m.outcome })),
      achievements: p.achievements,
      plannedActions: p.plannedActions,
      links: { html: absolute(baseUrl, publicPlanPaths.priority(tree.reference, p.reference)) },
    })),
    sections: tree.sections.map((s) => ({ reference: s.reference, title: s.title, body: s.body, covers: s.covers })),
  };
}
