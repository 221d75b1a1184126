import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { Subscriptions } from '../../platform/subscriptions.js';
import { formatDate } from '../../platform/views.js';
import type { StageChange, StageHandler } from '../plans/hooks.js';
import type { PlanPageAudience, PlanPageLinkGroup, PlanPageRef } from '../plans/types.js';
import { engagementPermissions as perms } from './engagementPermissions.js';
import { engagementRepository as repo } from './engagementRepository.js';
import { surveyDefinitionSchema, type SurveyDefinition } from './surveyDefinition.js';

/**
 * The plan's consultation stage, done by engagement: opening a plan's consultation opens a public
 * consultation about that draft (or publishes and opens the one already prepared for it), with a short survey;
 * the plan's pages then show its dates and how to respond (public) and its responses and themes
 * (staff).
 */

/** The survey a plan's consultation opens with, when none was prepared. */
export function draftPlanSurvey(planTitle: string, draftHref: string): SurveyDefinition {
  return surveyDefinitionSchema.parse({
    intro: `Read the draft “${planTitle}” at ${draftHref}, then tell us what you think.`,
    privacyNotice: 'Your answers are used only to shape the plan. They are reported in summary; nothing that identifies you is published.',
    sections: [
      {
        id: 'draft-plan',
        title: 'Your views on the draft plan',
        questions: [
          { id: 'agree', type: 'likert', label: 'How far do you agree with the priorities in the draft plan?', required: true },
          { id: 'comments', type: 'text', label: 'What would you change in the draft plan, and why?', required: false, maxLength: 5000 },
        ],
      },
    ],
  });
}

/** Where a consultation is in its dates, for staff. */
function whenText(c: { stage: string; opensOn: string; closesOn: string }): string {
  if (c.stage === 'draft') return 'a draft, not public yet';
  if (c.stage === 'planned') return `opens ${formatDate(c.opensOn)}`;
  if (c.stage === 'open') return `open until ${formatDate(c.closesOn)}`;
  return `closed ${formatDate(c.closesOn)}`;
}

const consultationPath = (ref: string) => `/consultations/${encodeURIComponent(ref)}`;
const draftPath = (ref: string) => `/plans/${encodeURIComponent(ref)}/draft`;

async function freeReference(tx: Db, base: string) {
  let ref = base;
  for (let n = 2; await repo.consultationByReference(tx, ref); n++) ref = `${base}-${n}`;
  return ref;
}

/** Opens the consultation on a draft in the plan's own transaction. */
async function openConsultation(tx: Db, change: StageChange, subscriptions?: Pick<Subscriptions, 'notifySubscribers'>) {
  const { plan, today, actor } = change;
  const closesOn = change.closesOn && change.closesOn >= today ? change.closesOn : today;
  // A draft prepared for the plan is published as it opens.
  const planned = (await repo.consultationsOfPlan(tx, plan.reference)).find((c) => ['draft', 'planned', 'open'].includes(c.stage));
  const c = planned
    ? await repo.updateConsultation(tx, planned.id, { stage: 'open', opensOn: planned.stage === 'open' ? planned.opensOn : today, closesOn })
    : await repo.insertConsultation(tx, {
        reference: await freeReference(tx, `${plan.reference}-draft-consultation`),
        title: `Consultation on the draft ${plan.title}`,
        purpose: `To hear what residents think of the draft plan before it goes to the Panel for review. Read the draft at ${draftPath(plan.reference)}.`,
        planReference: plan.reference,
        priorityReferences: plan.priorities.map((p) => p.reference),
        audience: 'Everyone who lives or works in the area',
        stage: 'open',
        opensOn: today,
        closesOn,
      });
  const own = await repo.allSurveysOf(tx, c.id);
  if (!own.some((s) => s.status === 'published')) {
    const draft = own.find((s) => s.status === 'draft');
    if (draft && draft.definition.sections.some((s) => s.questions.length)) {
      await repo.publishSurvey(tx, c.id, draft.id);
    } else {
      await repo.insertSurvey(tx, {
        consultationId: c.id,
        title: `Your views on the draft ${plan.title}`,
        definition: draftPlanSurvey(plan.title, draftPath(plan.reference)),
        version: (own[0]?.version ?? 0) + 1,
        status: 'published',
        publishedAt: new Date(),
      });
    }
  }
  await recordAudit(tx, actor, {
    action: planned ? 'consultation.open-for-plan' : 'consultation.create-for-plan',
    entityType: 'consultation',
    entityId: c.id,
    summary: `${!planned ? 'Opened a new' : planned.stage === 'draft' ? 'Published and opened the' : 'Opened'} consultation “${c.title}” on the draft plan ${plan.reference}, closing ${c.closesOn}`,
    after: c,
  });
  // Residents subscribed to new consultations are told, in the same transaction.
  await subscriptions?.notifySubscribers(tx, 'consultations', {
    subject: `New consultation: ${c.title}`,
    body: `Read the draft plan “${plan.title}” and tell us what you think by ${formatDate(c.closesOn)}.`,
    link: consultationPath(c.reference),
    dedupeKey: `consultation-open:${c.id}`,
  });
}

export function createPlanConsultationStage(database: Database, subscriptions?: Pick<Subscriptions, 'notifySubscribers'>) {
  const { db } = database;

  const handler: StageHandler = {
    async apply(tx, change) {
      if (change.to !== 'consultation') return;
      await openConsultation(tx, change, subscriptions);
    },
  };

  /** Responses of each of the plan's consultations and the themes coded in them. */
  async function responsesAndThemes(consultationIds: string[]) {
    if (!consultationIds.length) return { counts: new Map<string, number>(), themeRows: new Array<{ consultationId: string; label: string; n: number }>() };
    const counts = await repo.responseCountsOf(db, consultationIds);
    const themeRows = await repo.themeCountsOf(db, consultationIds);
    return { counts: new Map(counts.map((c) => [c.consultationId, c.n])), themeRows };
  }

  /** The plan's pages: for the public, how to respond while it is open; for staff, responses and themes. */
  async function planPageLinks(plan: PlanPageRef, reader: PlanPageAudience): Promise<PlanPageLinkGroup | null> {
    const list = await repo.consultationsOfPlan(db, plan.reference);
    if (reader.audience === 'public') {
      const open = list.filter((c) => c.stage === 'open');
      if (!open.length) return null;
      return {
        order: -10,
        heading: 'How to respond',
        links: open.map((c) => ({
          text: `Have your say: ${c.title}`,
          href: consultationPath(c.reference),
          hint: `Open from ${formatDate(c.opensOn)} until ${formatDate(c.closesOn)}. Answer the short survey online.`,
        })),
      };
    }
    if (!perms.can(reader.role, 'engagement:view') || !list.length) return null;
    const { counts, themeRows } = await responsesAndThemes(list.map((c) => c.id));
    return {
      order: 5,
      heading: 'Consultation on this plan',
      links: list.flatMap((c) => {
        const n = counts.get(c.id) ?? 0;
        const top = themeRows.filter((t) => t.consultationId === c.id && t.n > 0);
        return [
          {
            text: c.title,
            href: `/admin/engagement/consultations/${c.id}`,
            hint: `${n} ${n === 1 ? 'response' : 'responses'}; ${whenText(c)}.`,
          },
          ...top.map((t) => ({
            text: `Theme: ${t.label}`,
            href: `/admin/engagement/consultations/${c.id}/themes`,
            hint: `Raised in ${t.n} ${t.n === 1 ? 'response' : 'responses'}`,
          })),
        ];
      }),
    };
  }

  return { handler, planPageLinks };
}
