import type { GeoArea } from '../deps.js';
import type { Consultation, Method } from '../engagementRepository.js';
import type { EngagementService } from '../engagementService.js';
import { STAGE_LABELS } from '../consultationsService.js';
import type { LogCount, ResponseCount } from '../openDataRepository.js';
import { CHANNEL_LABELS, METHOD_LABELS } from './consultationView.js';

type YouSaidWeDid = Awaited<ReturnType<EngagementService['youSaidWeDid']>>;

const page = (c: Pick<Consultation, 'reference'>) => `/consultations/${encodeURIComponent(c.reference)}`;

/**
 * One row per public consultation: what it is about, its stage, how people could take part,
 * how many responded (counts only) and, once feedback is published, the results summary.
 */
export function consultationRows(list: (Consultation & { methods: Method[] })[], counts: ResponseCount[]) {
  return list.map((c) => {
    const mine = counts.filter((x) => x.consultationId === c.id);
    const byChannel = new Map<string, number>();
    for (const x of mine) byChannel.set(x.channel, (byChannel.get(x.channel) ?? 0) + x.n);
    const published = c.stage === 'feedback-published';
    return {
      reference: c.reference,
      title: c.title,
      purpose: c.purpose,
      audience: c.audience,
      areas: c.areas,
      stage: String(c.stage),
      stageLabel: STAGE_LABELS[c.stage] ?? c.stage,
      opensOn: c.opensOn,
      closesOn: c.closesOn,
      originalClosesOn: c.originalClosesOn ?? '',
      extensionReason: c.extensionReason ?? '',
      planReference: c.planReference ?? '',
      priorityReferences: c.priorityReferences,
      methods: c.methods.map((m) => METHOD_LABELS[m.kind] ?? m.kind),
      methodDetails: c.methods.map((m) =>
        [METHOD_LABELS[m.kind] ?? m.kind, m.description, [m.startsOn, m.endsOn].filter(Boolean).join(' to '), m.places, m.targetGroups]
          .filter(Boolean)
          .join(', '),
      ),
      responses: mine.reduce((t, x) => t + x.n, 0),
      syntheticResponses: mine.filter((x) => x.synthetic).reduce((t, x) => t + x.n, 0),
      responsesByChannel: [...byChannel.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${CHANNEL_LABELS[k] ?? k}: ${n}`),
      resultsSummary: published ? (c.resultsSummary ?? '') : '',
      resultsUrl: published ? `${page(c)}/you-said-we-did` : '',
      url: page(c),
    };
  });
}

/** "You said, we did": one row per theme of each consultation whose feedback is published. */
export function youSaidWeDidRows(results: YouSaidWeDid[]) {
  return results.flatMap((d) =>
    d.themes.map((t) => ({
      consultationReference: d.consultation.reference,
      consultationTitle: d.consultation.title,
      theme: t.label,
      description: t.description,
      responsesRaisingIt: t.count,
      codedResponses: d.codedResponses,
      subThemes: t.subThemes.map((s) => `${s.label} (${s.count})`),
      weDid: t.response,
      planReference: d.plan?.reference ?? '',
      priorities: t.priorities.map((p) => `${p.reference}: ${p.title}`),
      commitments: t.commitments.map((c) => `${c.reference}: ${c.title}`),
      actions: t.actions.map((a) => (a.reference ? `${a.reference}: ${a.title}` : a.title)),
      actionUrls: t.actions.map((a) => a.url ?? a.href ?? '').filter(Boolean),
      url: `${page(d.consultation)}/you-said-we-did`,
    })),
  );
}

const typeWords = (t: string) => t.replace(/-/g, ' ');

/**
 * The engagement log of a year by ward: how many meetings and events, of which types and with
 * how many people, in each ward; every ward the geography knows is listed, visited or not.
 * Only counts: no titles, organisations, issues raised or names.
 */
export function logByWardRows(year: number, counts: LogCount[], lads: GeoArea[], wards: GeoArea[]) {
  const ladName = new Map(lads.map((l) => [l.code, l.name]));
  const wardByCode = new Map(wards.map((w) => [w.code, w]));
  type Row = {
    lad: string;
    wardCode: string;
    wardName: string;
    entries: number;
    synthetic: number;
    attendees: number;
    last: string;
    types: Map<string, number>;
  };
  const rows = new Map<string, Row>();
  const rowOf = (lad: string, wardCode: string, wardName: string) => {
    const key = wardCode ? `c:${wardCode}` : `n:${lad}|${wardName}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { lad, wardCode, wardName, entries: 0, synthetic: 0, attendees: 0, last: '', types: new Map() }));
    return r;
  };
  for (const w of wards) rowOf(w.parentCode ?? '', w.code, w.name);
  for (const c of counts) {
    const known = c.wardCode ? wardByCode.get(c.wardCode) : undefined;
    const r = rowOf(known?.parentCode ?? c.localAuthorityCode ?? '', c.wardCode ?? '', known?.name ?? c.wardName ?? '');
    r.entries += c.entries;
    r.synthetic += c.synthetic;
    r.attendees += c.attendees;
    if (c.lastHeldOn > r.last) r.last = c.lastHeldOn;
    r.types.set(c.type, (r.types.get(c.type) ?? 0) + c.entries);
  }
  return [...rows.values()]
    .map((r) => ({
      year,
      localAuthorityCode: r.lad,
      localAuthorityName: ladName.get(r.lad) ?? '',
      wardCode: r.wardCode,
      wardName: r.wardName,
      entries: r.entries,
      syntheticEntries: r.synthetic,
      attendees: r.attendees,
      types: [...r.types.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t, n]) => `${typeWords(t)}: ${n}`),
      lastEntryOn: r.last,
    }))
    .sort((a, b) => emptyLast(a.localAuthorityName || a.localAuthorityCode, b.localAuthorityName || b.localAuthorityCode) || emptyLast(a.wardName, b.wardName));
}

/** Text order, with an empty value (not recorded) after every other. */
const emptyLast = (x: string, y: string) => (!x && y ? 1 : x && !y ? -1 : x.localeCompare(y));
