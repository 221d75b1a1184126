import { recordAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/roles.js';
import { ImportRefused } from '../../platform/importKit.js';
import { parseActionsCsv, parseUpdatesCsv, toCsv, ACTION_COLUMNS, UPDATE_COLUMNS } from './csv.js';
import { actionValues, applyLatestApproved, type DeliveryContext, type ActionInput, type ActionView } from './deliveryContext.js';
import type { DeliveryPlansService } from './deliveryPlansService.js';
import { deliveryRepository as repo, type Action } from './deliveryRepository.js';

/** CSV import and export of a delivery plan's actions and updates (all or nothing). */
export function createImportsService(ctx: DeliveryContext, deliveryPlans: Pick<DeliveryPlansService, 'planView'>) {
  const { database, db, plans, users, mustPlan, userMap, periodKeyOf } = ctx;

  async function importActions(actor: Actor, deliveryPlanId: string, text: string, opts: { isDemo?: boolean } = {}) {
    const dp = await mustPlan(deliveryPlanId);
    const tree = (await plans.getTree(dp.planId))!;
    const { rows, problems, problemAt } = parseActionsCsv(text);
    const resolved: { row: (typeof rows)[number]; input: ActionInput }[] = [];
    for (const row of rows) {
      const err = (field: string, message: string) => problems.push(problemAt(row.line, field, message));
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
    if (problems.length) throw new ImportRefused(problems);
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
    const { rows, problems, problemAt } = parseUpdatesCsv(text);
    const resolved: { row: (typeof rows)[number]; action: Action }[] = [];
    for (const row of rows) {
      const a = await repo.actionByReference(db, dp.id, row.actionReference);
      if (!a) problems.push(problemAt(row.line, 'action_reference', `This delivery plan has no action ${row.actionReference}`));
      else resolved.push({ row, action: a });
    }
    if (problems.length) throw new ImportRefused(problems);
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
    const v = await deliveryPlans.planView(deliveryPlanId, { publicOnly: opts.publicOnly });
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

  return {
    importActions,
    importUpdates,
    exportActions,
    exportUpdates,
  };
}
export type ImportsService = ReturnType<typeof createImportsService>;
