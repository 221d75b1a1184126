import { recordAudit } from '../../platform/audit.js';
import { addDays, daysBetween } from '../../platform/dates.js';
import { RuleError, notFound } from '../../platform/http.js';
import type { Actor } from '../../platform/roles.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import { contractsRepository as repo } from './contractsRepository.js';
import type { ResourcesServiceDeps } from './deps.js';
import { formatPounds } from './money.js';
import type { PlanLinks } from './planLinks.js';
import type { LivingWage } from './schema.js';

/** How long before a contract ends its reminder is sent. */
export const CONTRACT_REMINDER_DAYS = 90;

export interface ContractInput {
  reference: string;
  provider: string;
  service: string;
  valuePence: number;
  startDate: string;
  endDate: string;
  fundingSource: string;
  livingWage: LivingWage;
  planReference?: string | null;
  priorityReferences: string[];
  contactEmail?: string | null;
  isDemo?: boolean;
}
export interface ContractReturnInput {
  quarter: string;
  outputs: string;
  outcomes: string;
  peopleSupported?: number | null;
}

/** Commissioned services: the contracts, their quarterly returns and the reminders before they end. */
export function createContractsService(deps: ResourcesServiceDeps, links: PlanLinks) {
  const { database, mailer, users, clock } = deps;
  const { db } = database;

  async function saveContract(actor: Actor, input: ContractInput, id?: string) {
    if (input.endDate < input.startDate) throw new RuleError('The end date must be on or after the start date');
    if (input.planReference) for (const p of input.priorityReferences) await links.mustFindPriority(input.planReference, p);
    return database.transaction(async (tx) => {
      const before = id ? await repo.contract(tx, id) : undefined;
      if (id && !before) throw notFound('No such contract');
      const clash = await repo.contractByReference(tx, input.reference);
      if (clash && clash.id !== id) throw new RuleError(`A contract with the reference ${input.reference} already exists`);
      // A change keeps the record's demo label unless told otherwise.
      const values = {
        ...input,
        planReference: input.planReference ?? null,
        contactEmail: input.contactEmail ?? null,
        isDemo: input.isDemo ?? before?.isDemo ?? false,
        updatedAt: clock.now(),
      };
      const after = before ? await repo.updateContract(tx, before.id, values) : await repo.insertContract(tx, values);
      await recordAudit(tx, actor, {
        action: before ? 'contract.update' : 'contract.create',
        entityType: 'contract',
        entityId: after.id,
        summary: `${input.provider}: ${input.service}`,
        before,
        after,
      });
      return after;
    });
  }

  async function getContract(id: string) {
    const c = await repo.contract(db, id);
    if (!c) return undefined;
    const [returns, reminders, priorities] = await Promise.all([
      repo.contractReturns(db, id),
      repo.reminders(db, id),
      links.prioritiesOf(c.planReference, c.priorityReferences),
    ]);
    return { ...c, returns, reminders, priorities };
  }

  async function listContracts(minPence = 0) {
    const list = await repo.contracts(db, minPence);
    return Promise.all(list.map(async (c) => ({ ...c, priorities: await links.prioritiesOf(c.planReference, c.priorityReferences) })));
  }

  async function addContractReturn(actor: Actor, contractId: string, input: ContractReturnInput) {
    return database.transaction(async (tx) => {
      const c = await repo.contract(tx, contractId);
      if (!c) throw notFound('No such contract');
      if (await repo.contractReturn(tx, contractId, input.quarter)) throw new RuleError(`The return for ${input.quarter} has already been recorded`);
      const after = await repo.insertContractReturn(tx, { contractId, ...input, peopleSupported: input.peopleSupported ?? null });
      await recordAudit(tx, actor, {
        action: 'contract-return.create',
        entityType: 'contract',
        entityId: contractId,
        summary: `Outcome return ${input.quarter} for ${c.provider}`,
        after,
      });
      return after;
    });
  }

  /**
   * Reminds the contract's contact (or every editor when it has none) about each contract that
   * ends within CONTRACT_REMINDER_DAYS. Each reminder is sent once per contract and end date:
   * the mailer's dedupeKey and the reminders table both make a repeat a no-op.
   */
  async function sendContractEndingReminders(today = clock.today()) {
    const ending = await repo.contractsEndingBetween(db, today, addDays(today, CONTRACT_REMINDER_DAYS));
    let sent = 0;
    for (const c of ending) {
      const already = (await repo.reminders(db, c.id)).some((r) => r.endDate === c.endDate);
      if (already) continue;
      const recipients = c.contactEmail ? [c.contactEmail] : (await users.byRole('editor')).filter((u) => u.status === 'active').map((u) => u.email);
      const days = daysBetween(today, c.endDate);
      for (const to of recipients) {
        const r = await mailer.send({
          to,
          subject: `Contract ending in ${days} day${days === 1 ? '' : 's'}: ${c.service} (${c.provider})`,
          body: [
            `The commissioned service "${c.service}" provided by ${c.provider} (reference ${c.reference}) ends on ${c.endDate}.`,
            `Value: ${formatPounds(c.valuePence)}. Funding source: ${c.fundingSource}.`,
            'Decide whether to extend, re-commission or end it, and record the decision.',
          ].join('\n\n'),
          dedupeKey: `resources:contract-ending:${c.id}:${c.endDate}:${to.toLowerCase()}`,
        });
        if (r.queued) sent += 1;
      }
      await database.transaction(async (tx) => {
        await repo.insertReminder(tx, c.id, c.endDate);
        await recordAudit(tx, SYSTEM_ACTOR, {
          action: 'contract.reminder',
          entityType: 'contract',
          entityId: c.id,
          summary: `Reminder: ${c.service} ends on ${c.endDate} (to ${recipients.length} recipient${recipients.length === 1 ? '' : 's'})`,
        });
      });
    }
    return sent;
  }

  return { saveContract, getContract, listContracts, addContractReturn, sendContractEndingReminders };
}
