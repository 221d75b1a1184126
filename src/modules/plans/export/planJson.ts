import { isPublic } from '../lifecycle.js';
import type { Plan, PlanTree } from '../plansRepository.js';
import { planFacts } from '../presenters/planFacts.js';
import { planLabels, publicLineage, publicPlanPaths } from '../presenters/publicPlans.js';

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
    pdf: { type: 'string', description: 'The plan as a PDF' },
  },
  required: ['self', 'html', 'docx', 'json', 'pdf'],
} as const;

const planSummaryProperties = {
  id: { type: 'string', format: 'uuid' },
  reference: { type: 'string', description: 'Stable reference of the plan, unique across versions' },
  title: { type: 'string' },
  status: { type: 'string', enum: ['published', 'superseded'] },
  version: { type: 'integer', minimum: 1 },
  term: { type: 'object', properties: { start: { type: 'string', format: 'date' }, end: { type: 'string', format: 'date' } }, required: ['start', 'end'] },
  priorityLabel: { type: 'string', description: 'What a priority is called in this plan (Objective, Priority, Point…)' },
  publishedAt: {
    type: ['string', 'null'],
    format: 'date-time',
    description: 'When the plan was published in OpenPCC (null when it was imported as published)',
  },
  documentTitle: { type: 'string', description: "The document's own title, e.g. Police, Crime and Victims' Plan 2021–2024" },
  published: {
    type: ['string', 'null'],
    description: 'When the plan was published, as the plan records it: YYYY-MM-DD, or YYYY-MM when only the month is known',
  },
  consultation: {
    type: ['object', 'null'],
    properties: { opens: { type: ['string', 'null'], format: 'date' }, closes: { type: ['string', 'null'], format: 'date' }, extension: nullableString },
    required: ['opens', 'closes', 'extension'],
  },
  panelReview: { type: ['string', 'null'], format: 'date', description: 'The date of the Panel meeting that reviewed the draft' },
  commissioner: {
    type: ['object', 'null'],
    description: 'Who made the plan, with their title at the time',
    properties: { name: nullableString, title: nullableString },
    required: ['name', 'title'],
  },
  refreshes: planRefSchema,
  supersededBy: planRefSchema,
  follows: { ...planRefSchema, description: 'The plan of the previous term this plan follows (a new plan, not a version)' },
  followedBy: { ...planRefSchema, description: 'The plan of the next term' },
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
  'documentTitle',
  'published',
  'consultation',
  'panelReview',
  'commissioner',
  'refreshes',
  'supersededBy',
  'follows',
  'followedBy',
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
          priorities: { ...stringList, description: 'References of the priorities that serve this outcome' },
        },
        required: ['id', 'reference', 'number', 'title', 'description', 'priorities'],
      },
    },
    labels: {
      type: 'object',
      description: 'What the plan calls each level',
      properties: { priority: { type: 'string' }, commitment: { type: 'string' }, outcome: { type: 'string' }, theme: { type: 'string' } },
      required: ['priority', 'commitment', 'outcome', 'theme'],
    },
    themes: {
      type: 'array',
      description: 'Cross-cutting themes, each running across several priorities',
      items: {
        type: 'object',
        properties: { reference: { type: 'string' }, title: { type: 'string' }, description: nullableString, priorities: stringList },
        required: ['reference', 'title', 'description', 'priorities'],
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
          lists: {
            type: 'array',
            description: 'Labelled lists under the priority (key areas of focus, deliverables…)',
            items: { type: 'object', properties: { label: { type: 'string' }, items: stringList }, required: ['label', 'items'] },
          },
          themes: { ...stringList, description: 'References of the cross-cutting themes that run across this priority' },
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
          'lists',
          'themes',
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
  required: [...planSummaryRequired, 'summary', 'vision', 'mission', 'values', 'labels', 'outcomes', 'themes', 'priorities', 'sections'],
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
  const facts = planFacts(plan);
  return {
    id: plan.id,
    reference: plan.reference,
    title: plan.title,
    status: plan.status,
    version: plan.version,
    term: { start: plan.termStart, end: plan.termEnd },
    priorityLabel: plan.priorityLabel,
    publishedAt: isoDate(plan.publishedAt),
    documentTitle: facts.documentTitle,
    published: facts.published,
    consultation: facts.consultation ? { opens: facts.consultation.opens, closes: facts.consultation.closes, extension: facts.consultation.extension } : null,
    panelReview: plan.panelReviewOn,
    commissioner: facts.commissioner ? { name: facts.commissioner.name, title: facts.commissioner.title } : null,
    refreshes: ref(lineage.refreshes ? visible.find((p) => p.reference === lineage.refreshes!.reference) : undefined),
    supersededBy: ref(lineage.supersededBy ? visible.find((p) => p.reference === lineage.supersededBy!.reference) : undefined),
    follows: ref(lineage.follows ? visible.find((p) => p.reference === lineage.follows!.reference) : undefined),
    followedBy: ref(lineage.followedBy ? visible.find((p) => p.reference === lineage.followedBy!.reference) : undefined),
    links: {
      self: absolute(baseUrl, publicPlanPaths.api(plan.reference)),
      html: absolute(baseUrl, publicPlanPaths.plan(plan.reference)),
      docx: absolute(baseUrl, publicPlanPaths.docx(plan.reference)),
      json: absolute(baseUrl, publicPlanPaths.json(plan.reference)),
      pdf: absolute(baseUrl, publicPlanPaths.pdf(plan.reference)),
    },
  };
}

/** The whole tree of a public plan, in the plan's order. */
export function planTreeJson(tree: PlanTree, publicPlans: Plan[], baseUrl: string) {
  const outcomeRefs = new Map(tree.outcomes.map((o) => [o.id, o.reference]));
  const priorityRefs = new Map(tree.priorities.map((p) => [p.id, p.reference]));
  return {
    ...planSummaryJson(tree, publicPlans, baseUrl),
    summary: tree.summary,
    vision: tree.vision,
    mission: tree.mission,
    values: tree.values,
    labels: planLabels(tree),
    outcomes: tree.outcomes.map((o, i) => ({
      id: o.id,
      reference: o.reference,
      number: i + 1,
      title: o.title,
      description: o.description,
      priorities: tree.priorities.filter((p) => p.outcomeIds.includes(o.id)).map((p) => p.reference),
    })),
    themes: tree.themes.map((t) => ({
      reference: t.reference,
      title: t.title,
      description: t.description,
      priorities: t.priorityIds.map((id) => priorityRefs.get(id)).filter((r): r is string => Boolean(r)),
    })),
    priorities: tree.priorities.map((p, i) => ({
      id: p.id,
      reference: p.reference,
      number: i + 1,
      label: `${tree.priorityLabel} ${i + 1}`,
      title: p.title,
      narrative: p.narrative,
      outcomes: p.outcomeIds.map((id) => outcomeRefs.get(id)).filter((r): r is string => Boolean(r)),
      lists: p.lists,
      themes: tree.themes.filter((t) => t.priorityIds.includes(p.id)).map((t) => t.reference),
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
