import type { Database, Db } from '../../db/index.js';
import type { Clock } from '../../platform/clock.js';
import { financialYearOf } from '../../platform/dates.js';
import { notFound } from '../../platform/http.js';
import type { UsersService, PublicUser } from '../../platform/identity/usersService.js';
import type { Mailer } from '../../platform/mailer.js';
import type { Notifications } from '../../platform/notifications.js';
import type { Subscriptions } from '../../platform/subscriptions.js';
import type { SettingsService } from '../../platform/settings.js';
import type { PlansLookup } from './deps.js';
import { deliveryRepository as repo, type Action, type DeliveryPlan } from './deliveryRepository.js';
import type { Plan, PlanTree } from './planTypes.js';
import { periodFor, reportingPeriods } from './periods.js';
import { rollup, type Rollup } from './rollup.js';
import { shownStatus, statusCatalogue, statusOf, type Rag, type StatusCatalogue } from './statuses.js';

const PUBLIC_PLAN_STATUSES = ['published', 'superseded'];
export const isPublicPlan = (p: Pick<Plan, 'status'> | undefined) => Boolean(p && PUBLIC_PLAN_STATUSES.includes(p.status));

export interface ActionInput {
  reference?: string;
  title: string;
  description?: string | null;
  priorityId: string;
  commitmentId?: string | null;
  ownerId?: string | null;
  leadOrganisation?: string | null;
  startDate?: string | null;
  dueDate?: string | null;
  weight?: number | null;
  status?: string;
  progress?: number;
  areaCodes?: string[];
  measureLinks?: string[];
  isDemo?: boolean;
}

export interface UpdateInput {
  asOf: string;
  narrative: string;
  status: string;
  progress: number;
  evidenceLinks?: string[];
}

export interface StoredFile {
  key: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface ActionView extends Action {
  /** What the action shows (STATUS_RULE in statuses.ts): "Overdue" past its due date, never "On track". */
  statusTag: ReturnType<StatusCatalogue['tag']>;
  shownProgress: number;
  ownerName: string | null;
  ownerOrganisation: string | null;
  priorityReference: string;
  priorityTitle: string;
  commitmentReference: string | null;
  commitmentTitle: string | null;
  deliveryPlanReference: string;
  overdue: boolean;
}

/** A public action as other modules and the API see it. */
export interface PublicAction {
  id: string;
  reference: string;
  title: string;
  description: string | null;
  status: string;
  statusLabel: string;
  rag: Rag;
  progress: number;
  startDate: string | null;
  dueDate: string | null;
  leadOrganisation: string | null;
  weight: number | null;
  areaCodes: string[];
  priorityId: string;
  priorityReference: string;
  priorityTitle: string;
  commitmentId: string | null;
  commitmentReference: string | null;
  deliveryPlanReference: string;
  planReference: string;
  url: string;
}

export function rollupOf(actions: readonly Pick<Action, 'reference' | 'progress' | 'weight' | 'status'>[]): Rollup {
  return rollup(actions.filter((a) => !statusOf(a.status).excludedFromRollup).map((a) => ({ reference: a.reference, progress: a.progress, weight: a.weight })));
}

/** Actions by the RAG they show (STATUS_RULE: an overdue action counts as red). */
export function ragCounts(
  actions: readonly Pick<Action, 'status' | 'progress' | 'dueDate'>[],
  cat: StatusCatalogue = statusCatalogue(),
  today = '',
): Record<Rag, number> {
  const c: Record<Rag, number> = { red: 0, amber: 0, green: 0, blue: 0, grey: 0 };
  for (const a of actions) c[shownStatus(a, today, cat).tag.rag] += 1;
  return c;
}
export function actionValues(input: ActionInput) {
  return {
    title: input.title,
    description: input.description ?? null,
    priorityId: input.priorityId,
    commitmentId: input.commitmentId ?? null,
    ownerId: input.ownerId ?? null,
    leadOrganisation: input.leadOrganisation ?? null,
    startDate: input.startDate ?? null,
    dueDate: input.dueDate ?? null,
    weight: input.weight ?? null,
    status: input.status ?? 'not-started',
    progress: input.progress ?? 0,
    areaCodes: input.areaCodes ?? [],
    measureLinks: input.measureLinks ?? [],
  };
}

/** The action takes the status and progress of its latest approved update. */
export async function applyLatestApproved(tx: Db, actionId: string) {
  const [latest] = await repo.updatesOf(tx, [actionId], ['approved']);
  if (latest) await repo.updateAction(tx, actionId, { status: latest.status, progress: latest.progress });
}

/** What the delivery service is built from: the platform's parts and the plans it serves. */
export interface DeliveryServiceDeps {
  database: Database;
  users: UsersService;
  settings: SettingsService;
  mailer: Mailer;
  notifications?: Notifications;
  subscriptions?: Subscriptions;
  plans: PlansLookup;
  baseUrl: string;
  /** The app's clock (platform.clock): "today" for statuses, periods and reminders. */
  clock: Clock;
}

/**
 * What every part of the delivery service shares: the dependencies, today's date and the lookups
 * and decorations the parts (plans, actions, updates, imports, reports, reminders) all use.
 */
export function createDeliveryContext(deps: DeliveryServiceDeps) {
  const { database, users, plans } = deps;
  const { db } = database;
  const today = () => deps.clock.today();

  // ---- helpers ------------------------------------------------------------------------------

  async function mustPlan(idOrRef: string): Promise<DeliveryPlan> {
    const dp = (await repo.planById(db, idOrRef)) ?? (await repo.planByReference(db, idOrRef));
    if (!dp) throw notFound('No such delivery plan');
    return dp;
  }

  async function mustAction(dbx: Db, id: string): Promise<Action> {
    const a = await repo.actionById(dbx, id);
    if (!a) throw notFound('No such action');
    return a;
  }

  /** The statuses with this office's labels and RAG colours. */
  async function catalogue(): Promise<StatusCatalogue> {
    return statusCatalogue(await repo.statusOverrides(db));
  }

  async function userMap(): Promise<Map<string, PublicUser>> {
    return new Map((await users.list()).map((u) => [u.id, u]));
  }

  /** The status, progress and overdue flag an action shows (STATUS_RULE). */
  function shownOf(a: Action, cat: StatusCatalogue) {
    const shown = shownStatus(a, today(), cat);
    return { statusTag: shown.tag, shownProgress: shown.progress, overdue: shown.overdue };
  }

  function findPriority(tree: PlanTree, id: string) {
    return tree.priorities.find((p) => p.id === id);
  }

  function decorate(a: Action, tree: PlanTree, dp: DeliveryPlan, people: Map<string, PublicUser>, cat: StatusCatalogue): ActionView {
    const p = findPriority(tree, a.priorityId);
    const c = p?.commitments.find((x) => x.id === a.commitmentId);
    const owner = a.ownerId ? people.get(a.ownerId) : undefined;
    return {
      ...a,
      ...shownOf(a, cat),
      ownerName: owner?.name ?? null,
      ownerOrganisation: owner?.organisation ?? null,
      priorityReference: p?.reference ?? '',
      priorityTitle: p?.title ?? '',
      commitmentReference: c?.reference ?? null,
      commitmentTitle: c?.title ?? null,
      deliveryPlanReference: dp.reference,
    };
  }

  /** Delivery plans with their plans, loaded once for a list of actions. */
  async function contexts(dpIds: string[]) {
    const out = new Map<string, { dp: DeliveryPlan; tree: PlanTree }>();
    for (const id of new Set(dpIds)) {
      const dp = await repo.planById(db, id);
      if (!dp) continue;
      const tree = await plans.getTree(dp.planId);
      if (tree) out.set(id, { dp, tree });
    }
    return out;
  }

  async function view(actions: Action[]): Promise<ActionView[]> {
    const ctx = await contexts(actions.map((a) => a.deliveryPlanId));
    const people = await userMap();
    const cat = await catalogue();
    return actions.flatMap((a) => {
      const c = ctx.get(a.deliveryPlanId);
      return c ? [decorate(a, c.tree, c.dp, people, cat)] : [];
    });
  }

  function periodKeyOf(date: string): string {
    const fy = financialYearOf(date);
    return periodFor(reportingPeriods(fy.start, fy.end), date)!.key;
  }

  // ---- delivery plans -----------------------------------------------------------------------

  function financialYearLabel(dp: DeliveryPlan) {
    return financialYearOf(dp.yearStart).label;
  }

  return {
    deps,
    database,
    db,
    users,
    plans,
    today,
    mustPlan,
    mustAction,
    catalogue,
    userMap,
    shownOf,
    findPriority,
    decorate,
    contexts,
    view,
    periodKeyOf,
    financialYearLabel,
  };
}
export type DeliveryContext = ReturnType<typeof createDeliveryContext>;
