import type { Database, Db } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { RuleError, forbidden, notFound } from '../../platform/http.js';
import type { UsersService, PublicUser } from '../../platform/identity/usersService.js';
import type { Mailer } from '../../platform/mailer.js';
import type { Actor } from '../../platform/roles.js';
import type { SettingsService } from '../../platform/settings.js';
import type { Plan, PlanTree, PriorityTree } from './planTypes.js';
import type { PlanPageAudience, PlanPageLinksProvider, PlanPageRef } from '../plans/types.js';
import { planDeliveryLinks } from './presenters/planLinks.js';
import { CsvInvalid, parseActionsCsv, parseUpdatesCsv, toCsv, ACTION_COLUMNS, UPDATE_COLUMNS, type CsvError } from './csv.js';
import { deliveryPermissions } from './deliveryPermissions.js';
import { deliveryRepository as repo, type Action, type DeliveryPlan, type Update, type UpdateWithFiles } from './deliveryRepository.js';
import {
  addDays,
  financialYear,
  financialYearOf,
  periodFor,
  reminderDue,
  reportingPeriods,
  OVERDUE_NOTICE_WINDOW_DAYS,
  REMINDER_DAYS_BEFORE,
  type Period,
} from './periods.js';
import { rollup, type Rollup } from './rollup.js';
import { statusCatalogue, statusOf, type Rag, type StatusCatalogue } from './statuses.js';

/** What delivery needs from plans (the registry passes the plans service). */
export interface PlansLookup {
  get(id: string): Promise<Plan | undefined>;
  getTree(id: string): Promise<PlanTree | undefined>;
  getTreeByReference(reference: string): Promise<PlanTree | undefined>;
  list(opts: { includeDrafts: boolean }): Promise<Plan[]>;
  /** Where delivery adds its links to a plan's pages (the plans service has it; fakes may not). */
  addPageLinks?(provider: PlanPageLinksProvider): void;
}

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
  statusTag: ReturnType<StatusCatalogue['tag']>;
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

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function rollupOf(actions: readonly Pick<Action, 'reference' | 'progress' | 'weight' | 'status'>[]): Rollup {
  return rollup(actions.filter((a) => !statusOf(a.status).excludedFromRollup).map((a) => ({ reference: a.reference, progress: a.progress, weight: a.weight })));
}

export function ragCounts(actions: readonly Pick<Action, 'status'>[], cat: StatusCatalogue = statusCatalogue()): Record<Rag, number> {
  const c: Record<Rag, number> = { red: 0, amber: 0, green: 0, blue: 0, grey: 0 };
  for (const a of actions) c[cat.of(a.status).rag] += 1;
  return c;
}

export function createDeliveryService(deps: {
  database: Database;
  users: UsersService;
  settings: SettingsService;
  mailer: Mailer;
  plans: PlansLookup;
  baseUrl: string;
  clock?: () => Date;
}) {
  const { database, users, plans } = deps;
  const { db } = database;
  const clock = deps.clock ?? (() => new Date());
  const today = () => isoDay(clock());

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

  async function setStatuses(actor: Actor, list: { key: string; label: string; rag: string }[]) {
    const before = (await catalogue()).list;
    await database.transaction(async (tx) => {
      for (const s of list) {
        if (!before.some((b) => b.key === s.key)) throw new RuleError(`Unknown status ${s.key}`);
        await repo.upsertStatus(tx, s.key, s.label, s.rag);
      }
      await recordAudit(tx, actor, {
        action: 'delivery-statuses.set',
        entityType: 'settings',
        entityId: 'delivery-statuses',
        summary: 'Changed the delivery statuses',
        before,
        after: list,
      });
    });
  }

  async function userMap(): Promise<Map<string, PublicUser>> {
    return new Map((await users.list()).map((u) => [u.id, u]));
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
      statusTag: cat.tag(a.status),
      ownerName: owner?.name ?? null,
      ownerOrganisation: owner?.organisation ?? null,
      priorityReference: p?.reference ?? '',
      priorityTitle: p?.title ?? '',
      commitmentReference: c?.reference ?? null,
      commitmentTitle: c?.title ?? null,
      deliveryPlanReference: dp.reference,
      overdue: Boolean(a.dueDate && a.dueDate < today() && !statusOf(a.status).closed),
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

  async function listPlans(opts: { publicOnly: boolean }) {
    const dps = await repo.listPlans(db);
    const out = [];
    for (const dp of dps) {
      const plan = await plans.get(dp.planId);
      if (!plan || (opts.publicOnly && !isPublicPlan(plan))) continue;
      const actions = await repo.actionsOfPlans(db, [dp.id]);
      out.push({ ...dp, plan, actionCount: actions.length, rollup: rollupOf(actions), label: financialYearLabel(dp) });
    }
    return out;
  }

  function financialYearLabel(dp: DeliveryPlan) {
    return financialYearOf(dp.yearStart).label;
  }

  async function createPlan(
    actor: Actor,
    input: { planId: string; startYear: number; title?: string; reference?: string; isDemo?: boolean },
  ): Promise<DeliveryPlan> {
    const plan = await plans.get(input.planId);
    if (!plan) throw notFound('No such plan');
    const fy = financialYear(input.startYear);
    if (fy.start > plan.termEnd || fy.end < plan.termStart) {
      throw new RuleError(`The financial year ${fy.label} is outside the plan's term (${plan.termStart} to ${plan.termEnd}).`);
    }
    const reference = input.reference ?? `${plan.reference}-fy-${fy.label.replace('/', '-')}`;
    if (await repo.planByReference(db, reference)) throw new RuleError(`There is already a delivery plan ${reference}.`);
    return database.transaction(async (tx) => {
      const dp = await repo.insertPlan(tx, {
        planId: plan.id,
        reference,
        title: input.title ?? `Delivery plan ${fy.label}`,
        yearStart: fy.start,
        yearEnd: fy.end,
        isDemo: input.isDemo ?? false,
      });
      await recordAudit(tx, actor, {
        action: 'delivery-plan.create',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: `Created ${dp.title} for ${plan.title}`,
        after: dp,
      });
      return dp;
    });
  }

  /** A delivery plan with its plan's priorities and commitments, actions and roll-ups. */
  async function planView(idOrRef: string, opts: { publicOnly: boolean; status?: string; organisation?: string }) {
    const dp = await mustPlan(idOrRef);
    const tree = await plans.getTree(dp.planId);
    if (!tree || (opts.publicOnly && !isPublicPlan(tree))) throw notFound('No such delivery plan');
    const people = await userMap();
    const cat = await catalogue();
    const all = (await repo.actionsOfPlans(db, [dp.id])).map((a) => decorate(a, tree, dp, people, cat));
    const shown = all.filter((a) => (!opts.status || a.status === opts.status) && (!opts.organisation || a.leadOrganisation === opts.organisation));
    const priorities = tree.priorities.map((p) => priorityView(p, all, shown, cat));
    const organisations = [...new Set(all.map((a) => a.leadOrganisation).filter((x): x is string => Boolean(x)))].sort();
    const planActions = await repo.actionsOfPlans(
      db,
      (await repo.listPlans(db)).filter((x) => x.planId === tree.id).map((x) => x.id),
    );
    return {
      deliveryPlan: dp,
      yearLabel: financialYearLabel(dp),
      plan: tree,
      periods: reportingPeriods(dp.yearStart, dp.yearEnd),
      rollup: rollupOf(all),
      planRollup: rollupOf(planActions),
      ragCounts: ragCounts(all, cat),
      statuses: cat,
      priorities,
      actions: all,
      shownCount: shown.length,
      organisations,
    };
  }

  function priorityView(p: PriorityTree, all: ActionView[], shown: ActionView[], cat: StatusCatalogue) {
    const mine = all.filter((a) => a.priorityId === p.id);
    return {
      id: p.id,
      reference: p.reference,
      title: p.title,
      rollup: rollupOf(mine),
      ragCounts: ragCounts(mine, cat),
      actions: shown.filter((a) => a.priorityId === p.id),
      allActions: mine,
      commitments: p.commitments.map((c) => {
        const under = mine.filter((a) => a.commitmentId === c.id);
        return { id: c.id, reference: c.reference, title: c.title, rollup: rollupOf(under), actions: under };
      }),
    };
  }

  // ---- actions ------------------------------------------------------------------------------

  async function checkActionInput(tree: PlanTree, input: ActionInput) {
    const p = findPriority(tree, input.priorityId);
    if (!p) throw new RuleError('The priority is not part of this delivery plan’s plan.');
    if (input.commitmentId && !p.commitments.some((c) => c.id === input.commitmentId)) throw new RuleError('The commitment is not under this priority.');
    if (input.ownerId && !(await users.get(input.ownerId))) throw new RuleError('No such owner.');
  }

  function actionValues(input: ActionInput) {
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

  async function createAction(actor: Actor, deliveryPlanId: string, input: ActionInput): Promise<Action> {
    const dp = await mustPlan(deliveryPlanId);
    const tree = await plans.getTree(dp.planId);
    if (!tree) throw notFound('No such plan');
    await checkActionInput(tree, input);
    return database.transaction(async (tx) => {
      const position = (await repo.maxPosition(tx, dp.id)) + 1;
      const reference = input.reference ?? `A${position}`;
      if (await repo.actionByReference(tx, dp.id, reference)) throw new RuleError(`There is already an action ${reference} in this delivery plan.`);
      const a = await repo.insertAction(tx, { ...actionValues(input), deliveryPlanId: dp.id, reference, position, isDemo: input.isDemo ?? false });
      await recordAudit(tx, actor, {
        action: 'delivery-action.create',
        entityType: 'delivery-action',
        entityId: a.id,
        summary: `Added action ${reference}: ${a.title}`,
        after: a,
      });
      return a;
    });
  }

  async function updateAction(actor: Actor, id: string, input: ActionInput): Promise<Action> {
    const before = await mustAction(db, id);
    const dp = await mustPlan(before.deliveryPlanId);
    const tree = await plans.getTree(dp.planId);
    if (!tree) throw notFound('No such plan');
    await checkActionInput(tree, input);
    return database.transaction(async (tx) => {
      const after = await repo.updateAction(tx, id, actionValues(input));
      await recordAudit(tx, actor, {
        action: 'delivery-action.update',
        entityType: 'delivery-action',
        entityId: id,
        summary: `Changed action ${after.reference}: ${after.title}`,
        before,
        after,
      });
      return after;
    });
  }

  async function getAction(id: string, opts: { publicOnly: boolean }) {
    const a = await repo.actionById(db, id);
    if (!a) return undefined;
    const [v] = await view([a]);
    if (!v) return undefined;
    const dp = (await repo.planById(db, a.deliveryPlanId))!;
    const plan = await plans.get(dp.planId);
    if (opts.publicOnly && !isPublicPlan(plan)) return undefined;
    const updates = await repo.updatesOf(db, [a.id], opts.publicOnly ? ['approved'] : undefined);
    const people = await userMap();
    const cat = await catalogue();
    return {
      action: v,
      deliveryPlan: dp,
      plan: plan!,
      updates: updates.map((u) => ({ ...u, statusTag: cat.tag(u.status), reviewerName: u.reviewedById ? (people.get(u.reviewedById)?.name ?? null) : null })),
    };
  }

  async function getPublicActionByReference(dpRef: string, actionRef: string) {
    const dp = await repo.planByReference(db, dpRef);
    if (!dp) return undefined;
    const a = await repo.actionByReference(db, dp.id, actionRef);
    return a ? getAction(a.id, { publicOnly: true }) : undefined;
  }

  /** The actions someone owns (or every action, for people who manage delivery). */
  async function actionsFor(actor: Actor): Promise<ActionView[]> {
    const own = actor.role === 'force-lead' || !deliveryPermissions.can(actor.role, 'delivery:manage');
    if (own && !actor.id) return [];
    return view(await repo.actionsWhere(db, own ? { ownerId: actor.id! } : {}));
  }

  async function myActions(actor: Actor) {
    if (!actor.id) return [];
    return view(await repo.actionsWhere(db, { ownerId: actor.id }));
  }

  /**
   * Open actions whose update for a period is still missing: "due" for the period running today,
   * "overdue" for the last period that has ended (or an action past its own due date).
   */
  async function dueAndOverdue(actor: Actor) {
    const list = (await actionsFor(actor)).filter((a) => !statusOf(a.status).closed);
    const answered = new Set(
      (
        await repo.answeredPeriods(
          db,
          list.map((a) => a.id),
        )
      ).map((r) => `${r.actionId}/${r.periodKey}`),
    );
    const dps = new Map<string, DeliveryPlan>();
    for (const a of list) if (!dps.has(a.deliveryPlanId)) dps.set(a.deliveryPlanId, (await repo.planById(db, a.deliveryPlanId))!);
    const t = today();
    const due: (ActionView & { period: Period })[] = [];
    const overdue: (ActionView & { period: Period | null })[] = [];
    for (const a of list) {
      const ps = reportingPeriods(dps.get(a.deliveryPlanId)!.yearStart, dps.get(a.deliveryPlanId)!.yearEnd).filter((p) => !a.startDate || a.startDate <= p.end);
      const current = periodFor(ps, t);
      if (current && !answered.has(`${a.id}/${current.key}`)) due.push({ ...a, period: current });
      const lastEnded = [...ps].reverse().find((p) => p.due < t);
      if (lastEnded && !answered.has(`${a.id}/${lastEnded.key}`)) overdue.push({ ...a, period: lastEnded });
      else if (a.overdue) overdue.push({ ...a, period: null });
    }
    return { due, overdue, today: t };
  }

  // ---- updates ------------------------------------------------------------------------------

  async function postUpdate(actor: Actor, actionId: string, input: UpdateInput, files: StoredFile[] = []): Promise<Update> {
    const action = await mustAction(db, actionId);
    if (!deliveryPermissions.can(actor.role, 'delivery:post-update')) throw forbidden('Your role cannot post delivery updates.');
    if (actor.role === 'force-lead' && (!actor.id || action.ownerId !== actor.id)) {
      throw forbidden('You can post updates only on the actions you own.');
    }
    return database.transaction(async (tx) => {
      const reference = `U${(await repo.countUpdates(tx, action.id)) + 1}`;
      const u = await repo.insertUpdate(tx, {
        actionId: action.id,
        reference,
        asOf: input.asOf,
        periodKey: periodKeyOf(input.asOf),
        narrative: input.narrative,
        status: input.status,
        progress: input.progress,
        evidenceLinks: input.evidenceLinks ?? [],
        state: 'pending',
        authorId: actor.id,
        authorLabel: actor.label,
      });
      await repo.insertFiles(
        tx,
        files.map((f) => ({ updateId: u.id, storageKey: f.key, filename: f.filename, contentType: f.contentType, size: f.size })),
      );
      await recordAudit(tx, actor, {
        action: 'delivery-update.create',
        entityType: 'delivery-update',
        entityId: u.id,
        summary: `Posted update ${reference} on action ${action.reference}${files.length ? ` with ${files.length} file(s)` : ''}`,
        after: { ...u, files: files.map((f) => f.filename) },
      });
      return u;
    });
  }

  /** The action takes the status and progress of its latest approved update. */
  async function applyLatestApproved(tx: Db, actionId: string) {
    const [latest] = await repo.updatesOf(tx, [actionId], ['approved']);
    if (latest) await repo.updateAction(tx, actionId, { status: latest.status, progress: latest.progress });
  }

  async function review(actor: Actor, updateId: string, decision: { approve: true } | { approve: false; reason: string }): Promise<Update> {
    if (!deliveryPermissions.can(actor.role, 'delivery:review')) throw forbidden('Your role cannot review updates.');
    return database.transaction(async (tx) => {
      const before = await repo.updateById(tx, updateId);
      if (!before) throw notFound('No such update');
      if (before.state !== 'pending') throw new RuleError(`This update has already been ${before.state}.`);
      const after = await repo.setUpdate(tx, updateId, {
        state: decision.approve ? 'approved' : 'rejected',
        rejectionReason: decision.approve ? null : decision.reason,
        reviewedById: actor.id,
        reviewedAt: new Date(),
      });
      if (decision.approve) await applyLatestApproved(tx, before.actionId);
      await recordAudit(tx, actor, {
        action: decision.approve ? 'delivery-update.approve' : 'delivery-update.reject',
        entityType: 'delivery-update',
        entityId: updateId,
        summary: decision.approve ? `Approved update ${before.reference}` : `Rejected update ${before.reference}: ${decision.reason}`,
        before,
        after,
      });
      return after;
    });
  }

  async function pendingUpdates() {
    const pending = await repo.updatesByState(db, 'pending');
    const actions = await view((await Promise.all(pending.map((u) => repo.actionById(db, u.actionId)))).filter((a): a is Action => Boolean(a)));
    const cat = await catalogue();
    return pending.map((u) => ({ ...u, statusTag: cat.tag(u.status), action: actions.find((a) => a.id === u.actionId)! })).filter((x) => x.action);
  }

  /** A file, with whether the public may have it (only from approved updates of public plans). */
  async function getFile(id: string) {
    const f = await repo.fileById(db, id);
    if (!f) return undefined;
    const u = (await repo.updateById(db, f.updateId))!;
    const a = (await repo.actionById(db, u.actionId))!;
    const dp = (await repo.planById(db, a.deliveryPlanId))!;
    const plan = await plans.get(dp.planId);
    return { file: f, update: u, isPublic: u.state === 'approved' && isPublicPlan(plan) };
  }

  // ---- CSV import and export ----------------------------------------------------------------

  async function importActions(actor: Actor, deliveryPlanId: string, text: string, opts: { isDemo?: boolean } = {}) {
    const dp = await mustPlan(deliveryPlanId);
    const tree = (await plans.getTree(dp.planId))!;
    const { rows, errors } = parseActionsCsv(text);
    const resolved: { row: (typeof rows)[number]; input: ActionInput }[] = [];
    for (const row of rows) {
      const err = (field: string, message: string) => errors.push({ line: row.line, column: ACTION_COL(text, field), field, message });
      const p = tree.priorities.find((x) => x.reference === row.priority);
      if (!p) {
        err('priority', `The plan has no priority ${row.priority}; it has ${tree.priorities.map((x) => x.reference).join(', ')}`);
        continue;
      }
      let commitmentId: string | null = null;
      if (row.commitment) {
        const c = p.commitments.find((x) => x.reference === row.commitment);
        if (!c) err('commitment', `The priority ${p.reference} has no commitment ${row.commitment}`);
        else commitmentId = c.id;
      }
      let ownerId: string | null = null;
      if (row.ownerEmail) {
        const u = await users.findByEmail(row.ownerEmail);
        if (!u) err('owner_email', `No account has the email address ${row.ownerEmail}`);
        else ownerId = u.id;
      }
      resolved.push({
        row,
        input: {
          reference: row.reference,
          title: row.title,
          description: row.description,
          priorityId: p.id,
          commitmentId,
          ownerId,
          leadOrganisation: row.leadOrganisation,
          startDate: row.startDate,
          dueDate: row.dueDate,
          weight: row.weight,
          status: row.status,
          progress: row.progress,
          areaCodes: row.areaCodes,
          measureLinks: row.measureLinks,
        },
      });
    }
    if (errors.length) throw new CsvInvalid(sortErrors(errors));
    return database.transaction(async (tx) => {
      let created = 0;
      let updated = 0;
      let position = await repo.maxPosition(tx, dp.id);
      for (const { input } of resolved) {
        const existing = await repo.actionByReference(tx, dp.id, input.reference!);
        if (existing) {
          await repo.updateAction(tx, existing.id, actionValues(input));
          updated++;
        } else {
          position += 1;
          await repo.insertAction(tx, { ...actionValues(input), deliveryPlanId: dp.id, reference: input.reference!, position, isDemo: opts.isDemo ?? false });
          created++;
        }
      }
      await recordAudit(tx, actor, {
        action: 'delivery-action.import',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: `Imported ${resolved.length} actions into ${dp.title} (${created} new, ${updated} changed)`,
        after: { references: resolved.map((r) => r.input.reference) },
      });
      return { created, updated };
    });
  }

  async function importUpdates(actor: Actor, deliveryPlanId: string, text: string) {
    const dp = await mustPlan(deliveryPlanId);
    const { rows, errors } = parseUpdatesCsv(text);
    const resolved: { row: (typeof rows)[number]; action: Action }[] = [];
    for (const row of rows) {
      const a = await repo.actionByReference(db, dp.id, row.actionReference);
      if (!a)
        errors.push({
          line: row.line,
          column: UPDATE_COL(text, 'action_reference'),
          field: 'action_reference',
          message: `This delivery plan has no action ${row.actionReference}`,
        });
      else resolved.push({ row, action: a });
    }
    if (errors.length) throw new CsvInvalid(sortErrors(errors));
    return database.transaction(async (tx) => {
      let created = 0;
      let updated = 0;
      const touched = new Set<string>();
      for (const { row, action } of resolved) {
        const values = {
          asOf: row.asOf,
          periodKey: periodKeyOf(row.asOf),
          narrative: row.narrative,
          status: row.status,
          progress: row.progress,
          evidenceLinks: row.evidenceLinks,
          state: row.state,
          rejectionReason: row.rejectionReason,
          reviewedById: row.state === 'pending' ? null : actor.id,
          reviewedAt: row.state === 'pending' ? null : new Date(),
        };
        const existing = await repo.updateByReference(tx, action.id, row.reference);
        if (existing) {
          await repo.setUpdate(tx, existing.id, values);
          updated++;
        } else {
          await repo.insertUpdate(tx, { ...values, actionId: action.id, reference: row.reference, authorId: actor.id, authorLabel: actor.label });
          created++;
        }
        touched.add(action.id);
      }
      for (const id of touched) await applyLatestApproved(tx, id);
      await recordAudit(tx, actor, {
        action: 'delivery-update.import',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: `Imported ${resolved.length} updates into ${dp.title} (${created} new, ${updated} changed)`,
      });
      return { created, updated };
    });
  }

  async function exportActions(deliveryPlanId: string, opts: { publicOnly: boolean }) {
    const v = await planView(deliveryPlanId, { publicOnly: opts.publicOnly });
    const people = await userMap();
    return toCsv(
      ACTION_COLUMNS,
      v.actions.map((a) => actionRow(a, opts.publicOnly ? undefined : people.get(a.ownerId ?? '')?.email)),
    );
  }

  function actionRow(a: ActionView, ownerEmail: string | undefined) {
    return {
      reference: a.reference,
      title: a.title,
      description: a.description,
      priority: a.priorityReference,
      commitment: a.commitmentReference,
      owner_email: ownerEmail ?? '',
      lead_organisation: a.leadOrganisation,
      start_date: a.startDate,
      due_date: a.dueDate,
      weight: a.weight,
      status: a.status,
      progress: a.progress,
      area_codes: a.areaCodes,
      measure_links: a.measureLinks,
    };
  }

  async function exportUpdates(deliveryPlanId: string) {
    const dp = await mustPlan(deliveryPlanId);
    const actions = await repo.actionsOfPlans(db, [dp.id]);
    const updates = await repo.updatesOf(
      db,
      actions.map((a) => a.id),
    );
    const ref = new Map(actions.map((a) => [a.id, a.reference]));
    return toCsv(
      UPDATE_COLUMNS,
      updates.map((u) => ({
        action_reference: ref.get(u.actionId),
        reference: u.reference,
        as_of: u.asOf,
        narrative: u.narrative,
        status: u.status,
        progress: u.progress,
        evidence_links: u.evidenceLinks,
        state: u.state,
        rejection_reason: u.rejectionReason,
      })),
    );
  }

  // ---- public reads for other modules -------------------------------------------------------

  async function toPublic(actions: Action[]): Promise<PublicAction[]> {
    const ctx = await contexts(actions.map((a) => a.deliveryPlanId));
    const cat = await catalogue();
    const out: PublicAction[] = [];
    for (const a of actions) {
      const c = ctx.get(a.deliveryPlanId);
      if (!c || !isPublicPlan(c.tree)) continue;
      const p = findPriority(c.tree, a.priorityId);
      const s = cat.of(a.status);
      out.push({
        id: a.id,
        reference: a.reference,
        title: a.title,
        description: a.description,
        status: a.status,
        statusLabel: s.label,
        rag: s.rag,
        progress: a.progress,
        startDate: a.startDate,
        dueDate: a.dueDate,
        leadOrganisation: a.leadOrganisation,
        weight: a.weight,
        areaCodes: a.areaCodes,
        priorityId: a.priorityId,
        priorityReference: p?.reference ?? '',
        priorityTitle: p?.title ?? '',
        commitmentId: a.commitmentId,
        commitmentReference: p?.commitments.find((x) => x.id === a.commitmentId)?.reference ?? null,
        deliveryPlanReference: c.dp.reference,
        planReference: c.tree.reference,
        url: `/delivery/${encodeURIComponent(c.dp.reference)}/actions/${encodeURIComponent(a.reference)}`,
      });
    }
    return out;
  }

  /** Public actions tagged with a local authority or ward ONS code. */
  async function actionsForArea(areaCode: string): Promise<PublicAction[]> {
    return toPublic(await repo.actionsForArea(db, areaCode));
  }

  async function listPublicActions(f: { priorityId?: string; commitmentId?: string; status?: string; organisation?: string } = {}): Promise<PublicAction[]> {
    const all = await toPublic(await repo.actionsWhere(db, { priorityId: f.priorityId, commitmentId: f.commitmentId }));
    return all.filter((a) => (!f.status || a.status === f.status) && (!f.organisation || a.leadOrganisation === f.organisation));
  }

  async function publicActionsCsv(): Promise<string> {
    const all = await listPublicActions();
    const cols = [
      'delivery_plan',
      'reference',
      'title',
      'description',
      'priority',
      'commitment',
      'lead_organisation',
      'start_date',
      'due_date',
      'weight',
      'status',
      'progress',
      'area_codes',
    ] as const;
    return toCsv(
      cols,
      all.map((a) => ({
        delivery_plan: a.deliveryPlanReference,
        reference: a.reference,
        title: a.title,
        description: a.description,
        priority: a.priorityReference,
        commitment: a.commitmentReference,
        lead_organisation: a.leadOrganisation,
        start_date: a.startDate,
        due_date: a.dueDate,
        weight: a.weight,
        status: a.status,
        progress: a.progress,
        area_codes: a.areaCodes,
      })),
    );
  }

  // ---- commentary ---------------------------------------------------------------------------

  async function setCommentary(actor: Actor, deliveryPlanId: string, period: string, priorityId: string, body: string) {
    const dp = await mustPlan(deliveryPlanId);
    await database.transaction(async (tx) => {
      if (period === 'annual' && priorityId === '') await repo.setIntroduction(tx, dp.id, body || null);
      await repo.upsertCommentary(tx, dp.id, period, priorityId, body);
      await recordAudit(tx, actor, {
        action: 'delivery-commentary.set',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: `Set the ${period} commentary of ${dp.title}`,
        after: { period, priorityId, body },
      });
    });
  }

  // ---- reports ------------------------------------------------------------------------------

  async function quarterlySummary(deliveryPlanId: string, periodKey?: string) {
    const v = await planView(deliveryPlanId, { publicOnly: false });
    const period = v.periods.find((p) => p.key === periodKey) ?? periodFor(v.periods, today()) ?? v.periods[v.periods.length - 1];
    const updates = await repo.updatesOf(
      db,
      v.actions.map((a) => a.id),
      ['approved'],
    );
    const commentary = await repo.commentaryOf(db, v.deliveryPlan.id, period.key);
    const inPeriod = updates.filter((u) => u.asOf >= period.start && u.asOf <= period.end);
    const area = await deps.settings.getArea();
    return {
      ...v,
      area,
      period,
      overallCommentary: commentary.find((c) => c.priorityId === '')?.body ?? '',
      priorities: v.priorities.map((p) => {
        const ids = new Set(p.allActions.map((a) => a.id));
        const highlights = inPeriod
          .filter((u) => ids.has(u.actionId) && ['complete', 'on-track'].includes(u.status))
          .map((u) => ({ update: u, action: p.allActions.find((a) => a.id === u.actionId)! }));
        const exceptions = p.allActions.flatMap((a) => {
          const reasons: string[] = [];
          if (v.statuses.of(a.status).rag === 'red') reasons.push(v.statuses.of(a.status).label);
          if (a.dueDate && a.dueDate <= period.end && a.dueDate < today() && !statusOf(a.status).closed) reasons.push(`Overdue since ${a.dueDate}`);
          return reasons.length ? [{ action: a, reason: reasons.join('; ') }] : [];
        });
        return { ...p, highlights, exceptions, commentary: commentary.find((c) => c.priorityId === p.id)?.body ?? '' };
      }),
    };
  }

  /**
   * The annual report in the seed's shape: per priority, what was done in the year ("In 2013/14
   * I have…") from its completed actions and approved updates, and what will be done in the next
   * ("In 2014/15 I will…") from the following delivery plan's actions.
   */
  async function annualReport(deliveryPlanId: string, opts: { publicOnly?: boolean } = {}) {
    const past = await mustPlan(deliveryPlanId);
    const pastTree = (await plans.getTree(past.planId))!;
    // The public version: only once published, of a public plan, and never drawing on a delivery
    // plan of a plan that is not public yet.
    if (opts.publicOnly && (!past.annualReportPublishedAt || !isPublicPlan(pastTree))) throw notFound('No such annual report');
    let next = await repo.planStartingOn(db, addDays(past.yearEnd, 1));
    let nextTree = next ? await plans.getTree(next.planId) : undefined;
    if (opts.publicOnly && !isPublicPlan(nextTree)) next = nextTree = undefined;
    const pastActions = await repo.actionsOfPlans(db, [past.id]);
    const nextActions = next ? await repo.actionsOfPlans(db, [next.id]) : [];
    const approved = await repo.updatesOf(
      db,
      pastActions.map((a) => a.id),
      ['approved'],
    );
    const area = await deps.settings.getArea();
    const voice = area.voice;
    const pastLabel = financialYearLabel(past);
    const nextLabel = next ? financialYearLabel(next) : financialYear(Number(past.yearStart.slice(0, 4)) + 1).label;
    const order: { reference: string; title: string; pastId?: string; nextId?: string }[] = [];
    for (const p of (nextTree ?? pastTree).priorities) order.push({ reference: p.reference, title: p.title });
    for (const p of pastTree.priorities) {
      const o = order.find((x) => x.reference === p.reference);
      if (o) o.pastId = p.id;
      else order.push({ reference: p.reference, title: p.title, pastId: p.id });
    }
    for (const p of nextTree?.priorities ?? []) {
      const o = order.find((x) => x.reference === p.reference);
      if (o) o.nextId = p.id;
    }
    const latestApproved = (a: Action): UpdateWithFiles | undefined =>
      approved.find((u) => u.actionId === a.id && u.asOf >= past.yearStart && u.asOf <= past.yearEnd);
    const priorities = order.map((o) => {
      const done = pastActions.filter((a) => a.priorityId === o.pastId);
      const have = [
        ...done.filter((a) => a.status === 'complete').map((a) => a.description || a.title),
        ...done.filter((a) => a.status !== 'complete' && latestApproved(a)).map((a) => `${a.title}: ${latestApproved(a)!.narrative}`),
      ];
      const will = nextActions.filter((a) => a.priorityId === o.nextId && !statusOf(a.status).excludedFromRollup).map((a) => a.description || a.title);
      return { reference: o.reference, title: o.title, have, will };
    });
    return {
      deliveryPlan: past,
      next: next ?? null,
      plan: pastTree,
      nextPlan: nextTree ?? null,
      area,
      title: `Annual report ${pastLabel}`,
      pastLabel,
      nextLabel,
      haveHeading: `In ${pastLabel} ${voice} have:`,
      willHeading: `In ${nextLabel} ${voice} will:`,
      introduction: past.introduction ?? '',
      introductionHeading: `Introduction by the ${area.electedHeadTitle}${area.electedHeadName ? `, ${area.electedHeadName}` : ''}`,
      priorities,
    };
  }

  /**
   * Puts the annual report of a delivery plan on the public site, or takes it off. The plan it
   * serves must be public. Publishing again keeps the first date of publication.
   */
  async function setAnnualReportPublished(actor: Actor, deliveryPlanId: string, publish: boolean) {
    const dp = await mustPlan(deliveryPlanId);
    if (publish && !isPublicPlan(await plans.get(dp.planId))) {
      throw new RuleError('The plan this delivery plan serves is not published: publish the plan before its annual report.');
    }
    const label = financialYearLabel(dp);
    return database.transaction(async (tx) => {
      const before = (await repo.planById(tx, dp.id))!;
      const after = await repo.setAnnualReportPublishedAt(tx, dp.id, publish ? (before.annualReportPublishedAt ?? new Date()) : null);
      await recordAudit(tx, actor, {
        action: publish ? 'delivery-plan.annual-report-publish' : 'delivery-plan.annual-report-withdraw',
        entityType: 'delivery-plan',
        entityId: dp.id,
        summary: publish
          ? `Published the annual report ${label} of ${dp.title} on the public site`
          : `Took the annual report ${label} of ${dp.title} off the public site`,
        before: { annualReportPublishedAt: before.annualReportPublishedAt },
        after: { annualReportPublishedAt: after.annualReportPublishedAt },
      });
      return after;
    });
  }

  /** The links a plan's pages show to its delivery plans and published annual reports. */
  async function planPageLinks(plan: PlanPageRef, reader: PlanPageAudience) {
    const dps = (await repo.listPlans(db)).filter((dp) => dp.planId === plan.id);
    if (!dps.length) return null;
    const actions = await repo.actionsOfPlans(
      db,
      dps.map((dp) => dp.id),
    );
    const counts = new Map(dps.map((dp) => [dp.id, actions.filter((a) => a.deliveryPlanId === dp.id).length]));
    return planDeliveryLinks(
      dps.map((dp) => ({ ...dp, label: financialYearLabel(dp), actionCount: counts.get(dp.id) ?? 0 })),
      { ...plan, isPublic: isPublicPlan(plan) },
      reader,
    );
  }

  // ---- reminders ----------------------------------------------------------------------------

  /**
   * Sends the reminders and overdue notices due today. Each message has a dedupe key per action,
   * period and kind, recorded in the outbox before it is sent: run it as often as you like, after
   * any restart, and each message still goes exactly once.
   */
  async function runReminders(): Promise<string> {
    const t = today();
    const dps = (await repo.listPlans(db)).filter(
      (dp) => dp.yearStart <= addDays(t, REMINDER_DAYS_BEFORE) && dp.yearEnd >= addDays(t, -OVERDUE_NOTICE_WINDOW_DAYS),
    );
    let sent = 0;
    for (const dp of dps) {
      const actions = (await repo.actionsOfPlans(db, [dp.id])).filter((a) => a.ownerId && !statusOf(a.status).closed);
      if (!actions.length) continue;
      const answered = new Set(
        (
          await repo.answeredPeriods(
            db,
            actions.map((a) => a.id),
          )
        ).map((r) => `${r.actionId}/${r.periodKey}`),
      );
      for (const period of reportingPeriods(dp.yearStart, dp.yearEnd)) {
        const kind = reminderDue(period, t);
        if (!kind) continue;
        for (const a of actions) {
          if (answered.has(`${a.id}/${period.key}`) || (a.startDate && a.startDate > period.end)) continue;
          const owner = await users.get(a.ownerId!);
          if (!owner || owner.status !== 'active') continue;
          const link = `${deps.baseUrl.replace(/\/$/, '')}/admin/delivery/actions/${a.id}`;
          const subject =
            kind === 'reminder'
              ? `Update due by ${period.due}: ${a.reference} ${a.title}`
              : `Overdue: the ${period.label} update for ${a.reference} ${a.title}`;
          const body = [
            `Dear ${owner.name},`,
            '',
            kind === 'reminder'
              ? `Your update on the action "${a.title}" (${dp.title}) for ${period.label} is due by ${period.due}.`
              : `Your update on the action "${a.title}" (${dp.title}) for ${period.label} was due by ${period.due} and has not been received.`,
            '',
            `Post it here: ${link}`,
          ].join('\n');
          const r = await deps.mailer.send({ to: owner.email, subject, body, dedupeKey: `delivery:${kind}:${a.id}:${period.key}` });
          if (r.queued) sent++;
        }
      }
    }
    return `sent ${sent}`;
  }

  return {
    listPlans,
    createPlan,
    planView,
    financialYearLabel,
    createAction,
    updateAction,
    getAction,
    getPublicActionByReference,
    actionsFor,
    myActions,
    dueAndOverdue,
    postUpdate,
    review,
    pendingUpdates,
    getFile,
    importActions,
    importUpdates,
    exportActions,
    exportUpdates,
    actionsForArea,
    listPublicActions,
    publicActionsCsv,
    setCommentary,
    quarterlySummary,
    annualReport,
    setAnnualReportPublished,
    planPageLinks,
    runReminders,
    getDeliveryPlan: mustPlan,
    catalogue,
    setStatuses,
  };
}
export type DeliveryService = ReturnType<typeof createDeliveryService>;

function sortErrors(errors: CsvError[]): CsvError[] {
  return [...errors].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

function headerIndex(text: string, field: string): number | undefined {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const i = first
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase())
    .indexOf(field);
  return i >= 0 ? i + 1 : undefined;
}
const ACTION_COL = headerIndex;
const UPDATE_COL = headerIndex;
