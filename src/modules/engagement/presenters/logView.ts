import { areaMap } from '../../../platform/charts/map.js';
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
  const visited = (code: string) => cov.visits.get(code) ?? 0;
  return areaMap({
    title: 'Map of wards: visited wards are shaded green',
    description: 'Each ward is green if the log has an entry there, pale grey if not. The table of wards gives every ward and its number of visits.',
    boundaries: { type: 'FeatureCollection', features },
    fill: (code) => (visited(code) ? '#00703c' : '#f3f2f1'),
    tip: (code, name) => `${name}: ${visited(code) ? `${visited(code)} visit${visited(code) === 1 ? '' : 's'}` : 'not visited'}`,
    legend: [
      { colour: '#00703c', label: 'Visited' },
      { colour: '#f3f2f1', label: 'Not visited' },
    ],
    legendLabel: 'Wards with an entry in the engagement log',
    width: 640,
    height: 520,
  });
}
