import { recordAudit } from '../../platform/audit.js';
import { RuleError } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { FindingInput, FindingUpdateInput, InspectionInput, RiskInput } from './forms/scrutinyForms.js';
import { must, type ScrutinyContext } from './scrutinyContext.js';
import { scrutinyRepository as repo } from './scrutinyRepository.js';
import { riskScore } from './status.js';

/** HMICFRS inspections, their findings and progress, and the register of risks. */
export function createInspectionsService(ctx: ScrutinyContext) {
  const { database, db, priorityChoices } = ctx;

  async function createInspection(actor: Actor, input: InspectionInput, opts: { isDemo?: boolean } = {}) {
    return database.transaction(async (tx) => {
      if (await repo.inspectionByReference(tx, input.reference)) throw new RuleError(`An inspection with reference ${input.reference} already exists`);
      const i = await repo.insertInspection(tx, { ...input, isDemo: opts.isDemo ?? false });
      await recordAudit(tx, actor, {
        action: 'scrutiny.inspection.create',
        entityType: 'scrutiny-inspection',
        entityId: i.id,
        summary: `Recorded HMICFRS report "${i.title}" published ${i.publishedOn}`,
        after: i,
      });
      return i;
    });
  }

  async function addFinding(actor: Actor, inspectionId: string, input: FindingInput) {
    const priorities = await priorityChoices();
    const chosen = input.priorityIds.map((id) => priorities.find((p) => p.id === id));
    if (chosen.some((p) => !p)) throw new RuleError('Choose priorities of the plan in force');
    return database.transaction(async (tx) => {
      const i = await must(repo.inspection(tx, inspectionId), 'inspection');
      const position = await repo.nextFindingPosition(tx, inspectionId);
      const f = await repo.insertFinding(tx, {
        inspectionId,
        position,
        kind: input.kind,
        text: input.text,
        priorityIds: chosen.map((p) => p!.id),
        priorityTitles: chosen.map((p) => p!.title),
      });
      await recordAudit(tx, actor, {
        action: 'scrutiny.finding.add',
        entityType: 'scrutiny-inspection',
        entityId: i.id,
        summary: `Added ${input.kind} ${position} to "${i.title}"`,
        after: f,
      });
      return f;
    });
  }

  async function addFindingUpdate(actor: Actor, findingId: string, input: FindingUpdateInput) {
    return database.transaction(async (tx) => {
      const f = await must(repo.finding(tx, findingId), 'finding');
      const u = await repo.insertFindingUpdate(tx, { findingId, updateDate: input.updateDate, text: input.text, author: actor.label });
      await repo.setFindingStatus(tx, findingId, input.status);
      await recordAudit(tx, actor, {
        action: 'scrutiny.finding.update',
        entityType: 'scrutiny-inspection',
        entityId: f.inspectionId,
        summary: `Progress update on finding ${f.position} (${input.status})`,
        before: f,
        after: u,
      });
      return u;
    });
  }

  async function recordComments(actor: Actor, inspectionId: string, input: { commentsText: string; commentsPublishedOn: string }) {
    return database.transaction(async (tx) => {
      const before = await must(repo.inspection(tx, inspectionId), 'inspection');
      if (input.commentsPublishedOn < before.publishedOn) throw new RuleError('The comments cannot be published before the report');
      const i = await repo.updateInspection(tx, inspectionId, input);
      await recordAudit(tx, actor, {
        action: 'scrutiny.inspection.comments',
        entityType: 'scrutiny-inspection',
        entityId: i.id,
        summary: `Published comments on "${i.title}"`,
        before,
        after: i,
      });
      return i;
    });
  }

  async function inspectionDetail(idOrReference: string) {
    const inspection = (await repo.inspectionByReference(db, idOrReference)) ?? (await repo.inspection(db, idOrReference));
    if (!inspection) return undefined;
    const found = await repo.findingsOf(db, [inspection.id]);
    const updates = await repo.updatesOf(
      db,
      found.map((f) => f.id),
    );
    return { inspection, findings: found.map((f) => ({ ...f, updates: updates.filter((u) => u.findingId === f.id) })) };
  }

  async function inspectionsWithFindings() {
    const list = await repo.listInspections(db);
    const found = await repo.findingsOf(
      db,
      list.map((i) => i.id),
    );
    return list.map((i) => ({ inspection: i, findings: found.filter((f) => f.inspectionId === i.id) }));
  }

  // ---- risks ------------------------------------------------------------------------------

  async function saveRisk(actor: Actor, input: RiskInput, id?: string, opts: { isDemo?: boolean } = {}) {
    riskScore(input.likelihood, input.impact);
    return database.transaction(async (tx) => {
      const clash = await repo.riskByReference(tx, input.reference);
      if (clash && clash.id !== id) throw new RuleError(`A risk with reference ${input.reference} already exists`);
      if (id) {
        const before = await must(repo.risk(tx, id), 'risk');
        const r = await repo.updateRisk(tx, id, input);
        await recordAudit(tx, actor, {
          action: 'scrutiny.risk.update',
          entityType: 'scrutiny-risk',
          entityId: id,
          summary: `Reviewed risk ${r.reference}`,
          before,
          after: r,
        });
        return r;
      }
      const r = await repo.insertRisk(tx, { ...input, isDemo: opts.isDemo ?? false });
      await recordAudit(tx, actor, {
        action: 'scrutiny.risk.create',
        entityType: 'scrutiny-risk',
        entityId: r.id,
        summary: `Added ${r.kind} ${r.reference} "${r.title}"`,
        after: r,
      });
      return r;
    });
  }

  return {
    createInspection,
    addFinding,
    addFindingUpdate,
    recordComments,
    inspectionDetail,
    inspectionsWithFindings,
    saveRisk,
    listRisks: () => repo.listRisks(db),
    getRisk: (id: string) => repo.risk(db, id),
  };
}
