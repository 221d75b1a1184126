import type { Database } from '../../db/index.js';
import { joinText, yearOf, searchSource, type SearchDocument, type SearchSource } from '../../platform/searchDocuments.js';
import { resourcesPermissions } from './resourcesPermissions.js';
import { CONTRACT_THRESHOLD_PENCE } from './routes/shared.js';
import { contractsRepository } from './contractsRepository.js';
import { grantsRepository, type GrantRound } from './grantsRepository.js';

/** The audit entity types whose changes can change these documents: every resources record (a round's dates against today: the day is in every revision). */
const RESOURCES_SEARCH_ENTITY_TYPES = [
  'contract',
  'finance-line',
  'grant-application',
  'grant-award',
  'grant-fund',
  'grant-round',
  'precept-base',
  'spending',
  'workforce-figure',
  'workforce-target',
];

/**
 * Grants (rounds, awards, applications) and contracts for the site-wide search. The public finds
 * what the public pages list: rounds taking applications, every award, contracts at or above the
 * publication threshold. Applications, and every round and contract, only to the roles that may
 * see resources in the staff area.
 */
export function resourcesSearchSource(database: Database, isAccepting: (round: GrantRound) => boolean): SearchSource {
  return searchSource('resources', RESOURCES_SEARCH_ENTITY_TYPES, async () => {
    const { db } = database;
    const [{ rounds, awards, applications: apps }, cs] = await Promise.all([grantsRepository.everything(db), contractsRepository.allContracts(db)]);
    const staff = resourcesPermissions.table['resources:view'];
    const out: SearchDocument[] = [];
    const enc = encodeURIComponent;
    for (const r of rounds) {
      const d = { kind: 'grant', id: `round:${r.id}`, title: r.title, body: joinText(r.description), year: yearOf(r.opensOn) };
      if (isAccepting(r)) out.push({ ...d, href: '/resources/grants', audience: 'public' });
      out.push({ ...d, href: `/admin/resources/grants/rounds/${enc(r.id)}`, audience: staff });
    }
    for (const a of awards) {
      const d = {
        kind: 'grant',
        id: `award:${a.id}`,
        title: `${a.project} (${a.recipient})`,
        body: joinText(a.project, a.recipient, a.area),
        year: yearOf(a.awardedOn),
      };
      out.push({ ...d, href: `/resources/grants/awards?round=${enc(a.roundId)}`, audience: 'public' });
      out.push({ ...d, href: `/admin/resources/grants/rounds/${enc(a.roundId)}`, audience: staff });
    }
    for (const a of apps) {
      out.push({
        kind: 'grant',
        id: `application:${a.id}`,
        title: `Application: ${a.project} (${a.organisation})`,
        body: joinText(a.description, a.area),
        year: yearOf(a.submittedAt),
        href: `/admin/resources/grants/applications/${enc(a.id)}`,
        audience: staff,
      });
    }
    for (const c of cs) {
      const d = {
        kind: 'contract',
        id: c.id,
        title: `${c.service} (${c.provider})`,
        body: joinText(c.service, c.provider, c.fundingSource),
        year: yearOf(c.startDate),
      };
      if (c.valuePence >= CONTRACT_THRESHOLD_PENCE) out.push({ ...d, href: '/resources/contracts', audience: 'public' });
      out.push({ ...d, href: `/admin/resources/contracts/${enc(c.id)}`, audience: staff });
    }
    return out;
  });
}
