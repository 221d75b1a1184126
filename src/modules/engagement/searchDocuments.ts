import type { Database } from '../../db/index.js';
import { joinText, yearOf, searchSource, type SearchDocument, type SearchSource } from '../../platform/searchDocuments.js';
import { engagementPermissions } from './engagementPermissions.js';
import { engagementRepository as repo } from './engagementRepository.js';

/** The audit entity types whose changes can change these documents: every engagement record. */
const ENGAGEMENT_SEARCH_ENTITY_TYPES = ['consultation', 'engagement-log', 'quotation', 'response', 'survey', 'theme'];

/**
 * Consultations and their "you said, we did" for the site-wide search. Every consultation is on
 * the public site (forthcoming, open or closed); its results only once the feedback is published.
 * Staff who may see engagement find the whole record, themes included, on the staff pages.
 */
export function engagementSearchSource(database: Database): SearchSource {
  return searchSource('engagement', ENGAGEMENT_SEARCH_ENTITY_TYPES, async () => {
    const [cs, ts] = await repo.allConsultationsAndThemes(database.db);
    const staff = engagementPermissions.table['engagement:view'];
    const out: SearchDocument[] = [];
    for (const c of cs) {
      const ref = encodeURIComponent(c.reference);
      const admin = `/admin/engagement/consultations/${encodeURIComponent(c.id)}`;
      const published = c.stage === 'feedback-published';
      const base = { kind: 'consultation', id: c.id, title: c.title, year: yearOf(c.opensOn) };
      out.push({
        ...base,
        body: joinText(c.purpose, c.audience, c.areas, published ? c.resultsSummary : null),
        href: `/consultations/${ref}`,
        audience: 'public',
      });
      out.push({ ...base, body: joinText(c.purpose, c.audience, c.areas, c.resultsSummary), href: admin, audience: staff });
      const mine = ts.filter((t) => t.consultationId === c.id);
      if (!mine.length) continue;
      const said = { kind: 'you-said-we-did', id: c.id, title: `You said, we did: ${c.title}`, year: yearOf(c.closesOn) };
      const body = joinText(...mine.map((t) => joinText(t.label, t.description, t.response)));
      if (published) out.push({ ...said, body, href: `/consultations/${ref}/you-said-we-did`, audience: 'public' });
      out.push({ ...said, body, href: `${admin}/themes`, audience: staff });
    }
    return out;
  });
}
