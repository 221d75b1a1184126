import { geoMercator, geoPath } from 'd3-geo';
import { escapeXml } from '../../../platform/svg.js';
import type { EngagementService } from '../engagementService.js';

type Coverage = Awaited<ReturnType<EngagementService['wardCoverage']>>;

/**
 * The engagement log and ward coverage: a table of entries, a table of wards (visited or not)
 * and, when the geography has ward boundaries, an SVG map with every name escaped.
 */
export function logView(cov: Coverage) {
  const ladName = new Map(cov.lads.map((l) => [l.code, l.name]));
  const entries = cov.entries.map((e) => ({
    date: e.heldOn,
    type: e.type.replace(/-/g, ' '),
    title: e.title,
    where: [e.wardName, e.localAuthorityCode ? (ladName.get(e.localAuthorityCode) ?? e.localAuthorityCode) : null].filter(Boolean).join(', '),
    organisation: e.organisation,
    attendees: e.attendees,
    issues: e.issuesRaised,
    followUps: e.followUps,
    owner: e.followUpOwner,
  }));
  // Coverage by ward: every ward the geography knows, else the wards named in the log.
  const wardRows = cov.wards.length
    ? cov.wards.map((w) => ({ name: w.name, lad: ladName.get(w.parentCode ?? '') ?? '', visits: cov.visits.get(w.code) ?? 0 }))
    : [...cov.visits.entries()].filter(([k]) => k.startsWith('name:')).map(([k, n]) => ({ name: k.slice(5), lad: '', visits: n }));
  wardRows.sort((a, b) => a.lad.localeCompare(b.lad) || a.name.localeCompare(b.name));
  const visited = wardRows.filter((w) => w.visits > 0).length;
  const byLad = cov.lads.map((l) => ({
    name: l.name,
    entries: cov.entries.filter((e) => e.localAuthorityCode === l.code).length,
    wardsVisited: cov.wards.length ? cov.wards.filter((w) => w.parentCode === l.code && (cov.visits.get(w.code) ?? 0) > 0).length : null,
    wards: cov.wards.length ? cov.wards.filter((w) => w.parentCode === l.code).length : null,
  }));
  return {
    entries,
    wardRows,
    visited,
    wardTotal: cov.wards.length || null,
    byLad,
    map: cov.maps.length ? coverageMapSvg(cov) : null,
  };
}

export function coverageMapSvg(cov: Coverage): string {
  const features = cov.maps.flatMap((m) => m.features);
  const collection = { type: 'FeatureCollection' as const, features };
  const width = 640;
  const height = 520;
  const projection = geoMercator().fitSize([width, height], collection);
  const path = geoPath(projection);
  const shapes = features
    .map((f) => {
      const code = String(f.properties?.code ?? '');
      const name = String(f.properties?.name ?? code);
      const visits = cov.visits.get(code) ?? 0;
      const d = path(f);
      if (!d) return '';
      return `<path d="${d}" fill="${visits ? '#00703c' : '#f3f2f1'}" stroke="#505a5f" stroke-width="0.6"><title>${escapeXml(name)}: ${visits ? `${visits} visit${visits === 1 ? '' : 's'}` : 'not visited'}</title></path>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px"><title>Map of wards: visited wards are shaded green</title>${shapes}</svg>`;
}
