import type { Role } from '../../../platform/roles.js';
import { STATUS_LABELS } from '../lifecycle.js';
import type { Plan } from '../plansRepository.js';
import { plansPermissions } from '../plansPermissions.js';

const TAG: Record<string, string> = {
  draft: 'govuk-tag--grey',
  consultation: 'govuk-tag--blue',
  'panel-review': 'govuk-tag--purple',
  published: 'govuk-tag--green',
  superseded: 'govuk-tag--orange',
};

export function statusTag(status: Plan['status']) {
  return { text: STATUS_LABELS[status], classes: TAG[status] ?? '' };
}

export function termLabel(p: Pick<Plan, 'termStart' | 'termEnd'>) {
  return `${p.termStart.slice(0, 4)}–${p.termEnd.slice(0, 4)}`;
}

export function planListPresenter(plans: Plan[], role: Role | null) {
  return {
    canCreate: plansPermissions.can(role, 'plan:create'),
    canImport: plansPermissions.can(role, 'plan:import'),
    rows: plans.map((p) => ({
      id: p.id,
      reference: p.reference,
      title: p.title,
      term: termLabel(p),
      version: p.version,
      status: statusTag(p.status),
      isCurrent: p.status === 'published',
    })),
  };
}
