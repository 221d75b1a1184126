import type { Database } from '../../db/index.js';
import { joinText, searchSource, type SearchDocument, type SearchSource } from '../../platform/searchDocuments.js';
import { performancePermissions } from './performancePermissions.js';
import { performanceRepository } from './performanceRepository.js';

/** The audit entity types whose changes can change these documents: measures. */
const PERFORMANCE_SEARCH_ENTITY_TYPES = ['measure'];

/**
 * Measures for the site-wide search: public ones on their public page; every measure on its
 * staff page to the roles that may see performance in the staff area.
 */
export function performanceSearchSource(database: Database): SearchSource {
  return searchSource('performance', PERFORMANCE_SEARCH_ENTITY_TYPES, async () => {
    const staff = performancePermissions.table['performance:view'];
    const out: SearchDocument[] = [];
    for (const m of await performanceRepository.list(database.db)) {
      const d = { kind: 'measure', id: m.id, title: m.name, body: joinText(m.description, m.owner), year: null };
      const ref = encodeURIComponent(m.reference);
      if (m.isPublic) out.push({ ...d, href: `/performance/measures/${ref}`, audience: 'public' });
      out.push({ ...d, href: `/admin/performance/measures/${ref}`, audience: staff });
    }
    return out;
  });
}
