// Site-wide search (/search) at 100 times the demo's records: p50/p95 of a search (the revision
// check, the ranked page of results with snippets, and the counts for the filters), one at a time,
// for the public and for a signed-in role. Target: p95 < 30 ms.
// The documents are synthetic: sentences of the demo plans' own text (so words are as common as in
// real plans), given kinds, years and audiences like the demo's, in six sources as the modules
// register them. Also timed: building the index from nothing, and bringing it up to date after one
// record changes (only its source is read again, only its rows written), alone and as the search
// that waits for it. On PGlite the CPU time is printed too: the database runs in this process, so
// it is a search's work whatever else the machine is running.
// PGlite always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
import { MATCH_CAP, createSearchService } from '../src/modules/search/searchService.js';
import type { SearchKind } from '../src/modules/search/kinds.js';
import type { SearchSource } from '../src/platform/searchDocuments.js';
import { recordAudit } from '../src/platform/audit.js';
import { SYSTEM_ACTOR, type Role } from '../src/platform/roles.js';
import { benchTargets, freshDb } from './support/db.js';
import { syntheticSearchDocuments } from './support/searchDocuments.js';

// The demo (plans, delivery, scrutiny, engagement, resources, performance) gives about 850
// documents (786 without performance's measures: counted on a fresh demo); 100 times that:
const DEMO_DOCUMENTS = 850;
const SCALE = Number(process.env.BENCH_SEARCH_SCALE ?? 100);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 400);
const QUERIES = [
  'violence',
  'domestic abuse',
  '"serious violence"',
  'victims support',
  'police -drugs',
  'antisocial behaviour',
  'community safety partnership',
  'burglary',
];

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** The kinds each module's source gives, as src/modules/index.ts registers them. */
const SOURCES: Record<string, SearchKind[]> = {
  plans: ['plan', 'priority', 'commitment'],
  delivery: ['action', 'update'],
  performance: ['measure'],
  scrutiny: ['panel-report', 'recommendation', 'decision', 'inspection'],
  engagement: ['consultation', 'you-said-we-did'],
  resources: ['grant', 'contract'],
};

for (const kind of benchTargets()) {
  const db = await freshDb(kind);
  try {
    let docs = syntheticSearchDocuments(DEMO_DOCUMENTS * SCALE);
    const sources: SearchSource[] = Object.entries(SOURCES).map(([name, kinds]) => ({
      name,
      entityTypes: [`bench-${name}`],
      read: async () => docs.filter((d) => kinds.some((k) => k === d.kind)),
    }));
    const service = createSearchService(db, sources);
    let t = performance.now();
    await service.refresh();
    console.log(`[${kind}] built the index of ${docs.length.toLocaleString('en-GB')} documents in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // One delivery action changes (an audited save): the next search brings the index up to date
    // first, reading only the source whose entity types the audit row names.
    const id = docs.find((d) => d.kind === 'action' && d.audience === 'public')!.id;
    docs = docs.map((d) => (d.id === id ? { ...d, body: `${d.body} edited` } : d));
    await recordAudit(db.db, SYSTEM_ACTOR, { action: 'update', entityType: 'bench-delivery', entityId: id });
    t = performance.now();
    const r = await service.refresh();
    console.log(
      `[${kind}] up to date after one change in ${(performance.now() - t).toFixed(0)} ms (read ${r.read.join(', ')}: ${r.added} rows written, ${r.removed} removed)`,
    );
    // The same, timed as the person waits for it: the search that finds the edit.
    docs = docs.map((d) => (d.id === id ? { ...d, body: `${d.body} Quokkaword` } : d));
    await recordAudit(db.db, SYSTEM_ACTOR, { action: 'update', entityType: 'bench-delivery', entityId: id });
    t = performance.now();
    const edited = await service.search({ q: 'Quokkaword', role: 'editor' as Role });
    console.log(`[${kind}] the search after one change took ${(performance.now() - t).toFixed(0)} ms (found ${edited.total})`);

    for (const role of [null, 'editor' as Role]) {
      const times: number[] = [];
      const cpu: number[] = [];
      let found = 0;
      for (let i = 0; i < 20; i++) await service.search({ q: QUERIES[i % QUERIES.length]!, role }); // warm up
      for (let i = 0; i < SEARCHES; i++) {
        const q = QUERIES[i % QUERIES.length]!;
        const filters = i % 3 === 0 ? { kinds: ['priority', 'action'] as SearchKind[] } : i % 3 === 1 ? { year: 2021 } : {};
        const start = performance.now();
        const used = process.cpuUsage();
        const r = await service.search({ q, role, ...filters, page: 1 + (i % 2) });
        times.push(performance.now() - start);
        const { user, system } = process.cpuUsage(used);
        cpu.push((user + system) / 1000);
        found += r.more ? MATCH_CAP + 1 : r.total;
      }
      const p95 = pct(times, 95);
      // PGlite runs in this process: its CPU time is the work a search does, whatever else the machine runs.
      const work = kind === 'pglite' ? ` (CPU p50 ${pct(cpu, 50).toFixed(1)} ms, p95 ${pct(cpu, 95).toFixed(1)} ms)` : '';
      console.log(
        `[${kind}] ${role ?? 'public'}: ${SEARCHES} searches, p50 ${pct(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms${work} (target < 30 ms: ${p95 < 30 ? 'met' : 'NOT met'}); ${Math.round(found / SEARCHES).toLocaleString('en-GB')} matches a search on average (counted up to ${(MATCH_CAP + 1).toLocaleString('en-GB')})`,
      );
    }
  } finally {
    await db.destroy();
  }
}
