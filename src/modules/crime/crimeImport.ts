import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/index.js';
import { recordAudit } from '../../platform/audit.js';
import { bumpCrimeRevision } from './areaCounts.js';
import { CsvChunker } from './chunker.js';
import { ImportRefused, sortProblems } from '../../platform/importKit.js';
import { replaceProblem, type CrimeProblem } from './importChecks.js';
import { crimeIdTables } from './crimeIds.js';
import { createImportRepository } from './importRepository.js';
import type { FileSummary, ImportDeps, ImportOptions, ImportProgress, ImportSource } from './importTypes.js';
import { parseFileName } from './months.js';
import { columnAt } from './kinds.js';
import { createStageRepository, recordsOf, type Stage } from './stageRepository.js';

export type { FileSummary, ImportDeps, ImportOptions, ImportProgress, ImportSource, CrimeProblem };

/**
 * Imports police.uk files. Each file is streamed in chunks into its own UNLOGGED staging tables by
 * COPY … FREEZE (see stagedColumns; a row's place gives its record number), checked and normalised
 * in SQL, then its (force, month, kind) rollups are replaced in one transaction together with the
 * import record and the audit row. A refused file changes nothing. See docs/adr/0010-crime-data-import.md.
 */
export function createCrimeImporter(database: Database, deps: ImportDeps) {
  const stages = createStageRepository(database);
  const checks = createImportRepository(database);

  async function importOne(src: ImportSource, opts: ImportOptions & { batchId: string; fileIndex: number; files: number }): Promise<FileSummary> {
    const started = Date.now();
    const id = randomUUID();
    const meta = parseFileName(src.name);
    const summary: FileSummary = {
      id,
      fileName: src.name,
      force: meta?.force ?? '',
      month: meta?.month ?? '',
      kind: meta?.kind ?? '',
      status: 'failed',
      rows: 0,
      rejected: 0,
      anomalies: [],
      errors: [],
      millis: 0,
      phases: {},
    };
    let mark = Date.now();
    const phase = (name: string) => {
      const now = Date.now();
      summary.phases[name] = now - mark;
      mark = now;
    };
    const progress = (phase: ImportProgress['phase'], bytes: number) =>
      opts.onProgress?.({ file: src.name, fileIndex: opts.fileIndex, files: opts.files, bytes, totalBytes: src.size, phase });

    // A refused file: its problems (the import kit's, in file order) are recorded, nothing else changes.
    const fail = async (errors: CrimeProblem[]) => {
      summary.status = 'failed';
      summary.errors = sortProblems(errors);
      summary.millis = Date.now() - started;
      await database.transaction(async (tx) => {
        await checks.insertImportRow(tx, summary, opts);
        await recordAudit(tx, opts.actor, {
          action: 'crime.import-refused',
          entityType: 'crime-import',
          entityId: id,
          summary: `Refused ${src.name}: ${errors[0]?.message ?? ''}`.slice(0, 500),
        });
      });
      await progress('failed', 0);
      return summary;
    };

    if (!meta)
      return fail([
        {
          line: 0,
          message: 'The file name must be YYYY-MM-<force>-<kind>.csv, where kind is street, outcomes or stop-and-search (as in the police.uk archive)',
        },
      ]);
    const { force, month, kind } = meta;
    const base = `crime_stage_${id.replace(/-/g, '')}`;
    // Street files on PostgreSQL are staged by two COPYs side by side (see copyIntoStage).
    const streams = database.kind === 'postgres' && kind === 'street' ? 2 : 1;
    const stage: Stage = {
      base,
      tables: Array.from({ length: streams }, (_, i) => (i ? `${base}_${i}` : base)),
      parts: Array.from({ length: streams }, () => []),
    };
    const ids = kind === 'street' ? crimeIdTables(force, month) : undefined;
    const newIds = `${base}_ids`;
    // Pieces of 4 MB on PGlite (fewer COPY statements; each is copied from reads into a reused
    // buffer, so a national month leaves no pile of garbage behind it, and the command line hands
    // that buffer itself to PGlite); PostgreSQL takes them as one stream (pieces only set how much
    // is read ahead), 1 MB at a time.
    const chunker = new CsvChunker(
      opts.chunkBytes ?? (database.kind === 'postgres' ? 1 : 4) * 1024 * 1024,
      database.kind === 'postgres' ? 'views' : opts.lowMemory ? 'shared' : 'fresh',
    );
    // The area map (rows' LSOAs to wards and local authorities) is brought up to date while the
    // file is loading: it is needed only once the rows are in.
    const areaMap = deps.ensureAreaMap();
    areaMap.catch(() => undefined); // awaited below; a failure is reported there
    try {
      // 1. COPY into the staging table.
      try {
        await stages.copyIntoStage(src, stage, kind, chunker, (bytes) => progress('loading', bytes));
      } catch (e) {
        if (e instanceof ImportRefused) return await fail(e.problems);
        throw e;
      }
      phase('copy');
      await progress('checking', chunker.bytes);
      await areaMap;
      const rows = recordsOf(stage);

      // 2. Check every row in SQL: the first problems, with the record's line and column. Street
      //    files are summarised first (one pass, a few thousand groups) and, on PostgreSQL, their
      //    Crime IDs are built into the month's new crime_ids partition at the same time.
      let bad: Record<string, unknown>[];
      let dups: { count: number; first: number[] } = { count: 0, first: [] };
      if (kind === 'street') {
        // On PostgreSQL the Crime IDs are built on a second connection while the summary is made,
        // each by one process (a refused file wastes that work; the tables are dropped below);
        // their index is built after both, by the server's parallel workers.
        const [problem, built] = await Promise.all([
          stages.summariseStreet(stage, month),
          database.kind === 'postgres' ? stages.buildCrimeIds(stage, newIds, force, month).then(() => true) : false,
        ]);
        phase('summarise');
        bad = problem ? await checks.badRows(rows, kind, month) : [];
        if (!bad.length) {
          if (!built) await stages.buildCrimeIds(stage, newIds, force, month);
          const unique = await stages.indexCrimeIds(newIds, true);
          phase('crime-ids');
          if (!unique) {
            // Rows sharing a Crime ID are kept and counted, as police.uk publishes and counts them
            // (some forces' files repeat IDs, even whole rows); they are reported with their lines.
            dups = await stages.duplicateIds(rows);
            await stages.indexCrimeIds(newIds, false);
          }
        }
      } else {
        bad = await checks.badRows(rows, kind, month);
      }
      phase('check');
      if (bad.length) return await fail(bad.map((r) => ({ line: chunker.lineOf(Number(r.rn)), ...columnAt(kind, String(r.col)), message: String(r.message) })));
      const removes = await replaceProblem(database, { force, month, kind, rows: chunker.records, replace: opts.replace });
      if (removes) return await fail([removes]);

      // 3. Anomalies: rows that look odd are kept and reported, never dropped silently (a row that
      //    is wrong refuses the whole file above, so nothing is rejected from a file imported).
      const forces = await deps.forces();
      const f = forces.find((x) => x.id === force);
      summary.rows = chunker.records;
      summary.anomalies = await checks.anomalies(stage, kind, month, f, force);
      if (dups.count) {
        summary.anomalies.push({
          kind: 'repeated-crime-id',
          message: 'Rows repeating the Crime ID of an earlier row (kept and counted, as police.uk counts them)',
          count: dups.count,
          sample: dups.first.map((rn) => `line ${chunker.lineOf(rn)}`),
        });
      }
      phase('notes');

      // 4. Replace (force, month, kind) atomically.
      await progress('saving', chunker.bytes);
      summary.status = 'done';
      summary.millis = Date.now() - started;
      await database.transaction(async (tx) => {
        // Two imports of one force × month × kind at once take turns here (see lockFileKey).
        await checks.lockFileKey(tx, `${force} ${month} ${kind}`);
        await checks.replaceRollups(tx, stage, kind, force, month);
        if (ids) await stages.swapCrimeIds(tx, newIds, ids, force, month);
        await bumpCrimeRevision(tx);
        summary.millis = Date.now() - started;
        await checks.insertImportRow(tx, summary, opts);
        await recordAudit(tx, opts.actor, {
          action: 'crime.import',
          entityType: 'crime-import',
          entityId: id,
          summary: `Imported ${src.name}: ${summary.rows} rows, ${summary.rejected} rejected (${force} ${month} ${kind})`,
        });
      });
      phase('save');
      await progress('done', chunker.bytes);
      return summary;
    } finally {
      await stages.drop(stage, newIds);
    }
  }
  /** Street files first, so outcomes can find their crimes' categories. */
  function order(sources: ImportSource[]): ImportSource[] {
    const rank = (s: ImportSource) => ({ street: 0, outcomes: 1, 'stop-and-search': 2 })[parseFileName(s.name)?.kind ?? 'street'] ?? 3;
    return [...sources].sort(
      (a, b) => (parseFileName(a.name)?.month ?? '').localeCompare(parseFileName(b.name)?.month ?? '') || rank(a) - rank(b) || a.name.localeCompare(b.name),
    );
  }

  return {
    async importFiles(sources: ImportSource[], opts: ImportOptions): Promise<FileSummary[]> {
      const batchId = opts.batchId ?? randomUUID();
      const ordered = order(sources);
      const out: FileSummary[] = [];
      for (let i = 0; i < ordered.length; i++) out.push(await importOne(ordered[i], { ...opts, batchId, fileIndex: i, files: ordered.length }));
      return out;
    },
  };
}
export type CrimeImporter = ReturnType<typeof createCrimeImporter>;
