import { recordAudit } from '../../platform/audit.js';
import { RuleError } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import type { DecisionInput } from './forms/scrutinyForms.js';
import { must, type ScrutinyContext, type UploadedFile } from './scrutinyContext.js';
import { scrutinyRepository as repo, type Decision } from './scrutinyRepository.js';

/** The public view of a decision: exempt parts and the reason for them never leave the service. */
export type PublicDecision = Omit<Decision, 'exemptParts' | 'exemptionReason'> & { hasExemptParts: boolean };
export function toPublicDecision(d: Decision): PublicDecision {
  const { exemptParts, exemptionReason: _reason, ...rest } = d;
  return { ...rest, hasExemptParts: Boolean(exemptParts) };
}

/** The elected head's decision notices and their documents. */
export function createDecisionsService(ctx: ScrutinyContext) {
  const { database, db, withFile, addDocument } = ctx;

  async function createDecision(actor: Actor, input: DecisionInput, opts: { isDemo?: boolean } = {}) {
    return database.transaction(async (tx) => {
      if (await repo.decisionByReference(tx, input.reference)) throw new RuleError(`A decision with reference ${input.reference} already exists`);
      const d = await repo.insertDecision(tx, { ...input, isDemo: opts.isDemo ?? false });
      await recordAudit(tx, actor, {
        action: 'scrutiny.decision.create',
        entityType: 'scrutiny-decision',
        entityId: d.id,
        summary: `Recorded decision ${d.reference} "${d.title}"`,
        after: d,
      });
      return d;
    });
  }

  async function updateDecision(actor: Actor, id: string, input: DecisionInput) {
    return database.transaction(async (tx) => {
      const before = await must(repo.decision(tx, id), 'decision');
      const clash = await repo.decisionByReference(tx, input.reference);
      if (clash && clash.id !== id) throw new RuleError(`A decision with reference ${input.reference} already exists`);
      const d = await repo.updateDecision(tx, id, input);
      await recordAudit(tx, actor, {
        action: 'scrutiny.decision.update',
        entityType: 'scrutiny-decision',
        entityId: id,
        summary: `Changed decision ${d.reference}`,
        before,
        after: d,
      });
      return d;
    });
  }

  async function addDecisionDocument(actor: Actor, decisionId: string, title: string, url: string | null, file?: UploadedFile) {
    return withFile(file, async (tx, stored) => {
      const d = await must(repo.decision(tx, decisionId), 'decision');
      const doc = await addDocument(tx, 'decision', d.id, title, url, stored);
      await recordAudit(tx, actor, {
        action: 'scrutiny.decision.document',
        entityType: 'scrutiny-decision',
        entityId: d.id,
        summary: `Added document "${title}" to decision ${d.reference}`,
        after: doc,
      });
      return doc;
    });
  }

  async function listDecisions() {
    return repo.listDecisions(db, false);
  }
  async function listPublicDecisions(): Promise<PublicDecision[]> {
    return (await repo.listDecisions(db, true)).map(toPublicDecision);
  }
  async function decisionDetail(id: string) {
    const decision = await repo.decision(db, id);
    if (!decision) return undefined;
    return { decision, documents: await repo.documentsOf(db, 'decision', [id]) };
  }
  /** A published decision by id or reference, without its exempt parts. */
  async function publicDecisionDetail(idOrReference: string) {
    const d = (await repo.decisionByReference(db, idOrReference)) ?? (await repo.decision(db, idOrReference));
    if (!d || !d.published) return undefined;
    return { decision: toPublicDecision(d), documents: await repo.documentsOf(db, 'decision', [d.id]) };
  }

  return { createDecision, updateDecision, addDecisionDocument, listDecisions, listPublicDecisions, decisionDetail, publicDecisionDetail };
}
