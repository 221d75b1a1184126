import type { Database } from '../../db/index.js';
import { joinText, yearOf, searchSource, type SearchDocument, type SearchSource } from '../../platform/searchDocuments.js';
import { scrutinyPermissions } from './scrutinyPermissions.js';
import { scrutinyRepository as repo } from './scrutinyRepository.js';

const enc = encodeURIComponent;

/** The audit entity types whose changes can change these documents: every scrutiny record. */
const SCRUTINY_SEARCH_ENTITY_TYPES = [
  'scrutiny-action',
  'scrutiny-decision',
  'scrutiny-inspection',
  'scrutiny-meeting',
  'scrutiny-panel-report',
  'scrutiny-publication-class',
  'scrutiny-recommendation',
  'scrutiny-risk',
  'scrutiny-settings',
];

/**
 * Panel reports, recommendations and responses, decisions and inspections for the site-wide
 * search, each with the text its public page shows (responses only once published, decisions only
 * once published and never their exempt parts); staff who may see scrutiny find the whole record
 * (still without exempt parts, which only some roles may read) on the staff pages.
 */
export function scrutinySearchSource(database: Database): SearchSource {
  return searchSource('scrutiny', SCRUTINY_SEARCH_ENTITY_TYPES, async () => {
    const { reports, recommendations: recs, decisions: ds, inspections: ins, findings: fs } = await repo.searchRecords(database.db);
    const staff = scrutinyPermissions.table['scrutiny:view'];
    const out: SearchDocument[] = [];
    const reportById = new Map(reports.map((r) => [r.id, r]));
    for (const r of reports) {
      const d = { kind: 'panel-report', id: r.id, title: r.title, year: yearOf(r.reportDate) };
      const responded = r.responsePublishedAt ? r.responseText : null;
      if (r.published) out.push({ ...d, body: joinText(r.resolution, r.body, responded), href: `/scrutiny/panel-reports/${enc(r.id)}`, audience: 'public' });
      out.push({ ...d, body: joinText(r.resolution, r.body, r.responseText), href: `/admin/scrutiny/reports/${enc(r.id)}`, audience: staff });
    }
    for (const rec of recs) {
      const r = reportById.get(rec.reportId);
      if (!r) continue;
      const d = { kind: 'recommendation', id: rec.id, title: `Recommendation on ${r.title}`, year: yearOf(rec.responseDue) };
      const responded = rec.response && rec.responsePublishedAt ? rec.responseText : null;
      if (r.published) out.push({ ...d, body: joinText(rec.text, responded), href: `/scrutiny/panel-reports/${enc(r.id)}`, audience: 'public' });
      out.push({ ...d, body: joinText(rec.text, rec.responseText), href: `/admin/scrutiny/reports/${enc(r.id)}`, audience: staff });
    }
    for (const dn of ds) {
      const d = {
        kind: 'decision',
        id: dn.id,
        title: `${dn.reference}: ${dn.title}`,
        body: joinText(dn.summary, dn.financialImplications),
        year: yearOf(dn.decisionDate),
      };
      if (dn.published) out.push({ ...d, href: `/scrutiny/decisions/${enc(dn.reference)}`, audience: 'public' });
      out.push({ ...d, href: `/admin/scrutiny/decisions/${enc(dn.id)}`, audience: staff });
    }
    for (const i of ins) {
      const found = fs.filter((f) => f.inspectionId === i.id).map((f) => f.text);
      const d = { kind: 'inspection', id: i.id, title: i.title, body: joinText(i.summary, found, i.commentsText), year: yearOf(i.publishedOn) };
      out.push({ ...d, href: `/scrutiny/inspections/${enc(i.reference)}`, audience: 'public' });
      out.push({ ...d, href: `/admin/scrutiny/inspections/${enc(i.id)}`, audience: staff });
    }
    return out;
  });
}
