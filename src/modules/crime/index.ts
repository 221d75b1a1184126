import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import cliProgress from 'cli-progress';
import yauzl from 'yauzl';
import { commandGroup } from '../../platform/cli.js';
import { describeProblem } from '../../platform/importKit.js';
import type { AppModule, Platform } from '../../platform/context.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR } from '../../platform/roles.js';
import type { GeographyService } from '../geography/types.js';
import type { FileSummary, ImportSource } from './crimeImport.js';
import { crimePermissions } from './crimePermissions.js';
import { importJobPayload } from './importTypes.js';
import { createCrimeService, type CrimeServiceImpl } from './crimeService.js';
import { FILE_NAME } from './months.js';
import { collectSources, fileSource, zipEntries } from './sources.js';
import { OUTCOME_DIMS, STOP_SEARCH_DIMS, type CrimeService } from './types.js';

export type { CrimeService, CrimeDim, CountRow, CountsQuery, StopSearchDim, OutcomeDim } from './types.js';
export type { FileSummary, ImportSource } from './crimeImport.js';
export type { CrimeServiceImpl } from './crimeService.js';
export { CATEGORIES } from './categories.js';

export const CRIME_IMPORT_JOB = 'crime.import';

export interface CrimeModule extends AppModule {
  service: CrimeServiceImpl & CrimeService;
}

/** Sources from an uploaded file: a CSV, a gzipped CSV or a zip in the police.uk archive layout. */
export async function bufferSources(name: string, data: Buffer): Promise<{ sources: ImportSource[]; close(): void }> {
  if (/\.zip$/i.test(name) || (data[0] === 0x50 && data[1] === 0x4b)) {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(data, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
    const entries = await zipEntries(zip, (fileName) => FILE_NAME.test(fileName.split('/').pop() ?? ''));
    return {
      sources: entries.map((e) => ({
        name: e.fileName.split('/').pop()!,
        size: e.uncompressedSize,
        open: () => new Promise<Readable>((resolve, reject) => zip.openReadStream(e, (err, s) => (err ? reject(err) : resolve(s)))),
      })),
      close: () => zip.close(),
    };
  }
  const gz = /\.gz$/i.test(name);
  return {
    sources: [
      {
        name: name.replace(/\.gz$/i, ''),
        size: gz ? undefined : data.length,
        open: () => (gz ? Readable.from([data]).pipe(createGunzip()) : Readable.from([data])),
      },
    ],
    close() {},
  };
}

/** One line per file for the CLI summary. */
export function summaryLines(s: FileSummary): string[] {
  const lines: string[] = [];
  if (s.status === 'done') {
    lines.push(`${s.fileName}: ${s.rows} rows imported, ${s.rejected} rejected (${s.force} ${s.month} ${s.kind}, ${s.millis} ms)`);
    for (const a of s.anomalies) lines.push(`  note ${a.count}: ${a.message}${a.sample.length ? ` e.g. ${a.sample.slice(0, 5).join(', ')}` : ''}`);
  } else {
    lines.push(`${s.fileName}: REFUSED, nothing was changed for ${s.force || '?'} ${s.month || '?'} ${s.kind || '?'}`);
    for (const e of s.errors) lines.push(`  ${s.fileName}: ${describeProblem(e)}`);
  }
  return lines;
}

/** An open-data entry for one crime API: CSV and JSON, grouped by `by`. */
function apiDataset(title: string, description: string, path: string, by: readonly string[]) {
  const q = `?by=${by.join(',')}`;
  return {
    title,
    description,
    formats: [
      { label: 'CSV', href: `/api/v1/crime/${path}.csv${q}` },
      { label: 'JSON', href: `/api/v1/crime/${path}${q}` },
    ],
  };
}

export function createCrimeModule(platform: Platform, deps: { geography: GeographyService }): CrimeModule {
  const service = createCrimeService(platform, deps.geography);

  platform.jobs.register(CRIME_IMPORT_JOB, async (ctx) => {
    const p = importJobPayload.parse(ctx.job.payload);
    const data = await platform.storage.get(p.key);
    const { sources, close } = await bufferSources(p.name, data);
    try {
      if (!sources.length) throw new Error(`${p.name} holds no police.uk files named YYYY-MM-<force>-<kind>.csv`);
      const total = sources.reduce((n, s) => n + (s.size ?? 0), 0) || undefined;
      let doneBytes = 0;
      const summaries = await service.importFiles(sources, {
        actor: p.actor,
        source: 'upload',
        batchId: ctx.job.id,
        replace: p.replace === true,
        onProgress: async (pr) => {
          if (pr.phase === 'done' || pr.phase === 'failed') doneBytes += pr.totalBytes ?? 0;
          const cur = pr.phase === 'done' || pr.phase === 'failed' ? 0 : pr.bytes;
          await ctx.progress(doneBytes + cur, total, `File ${pr.fileIndex + 1} of ${pr.files}: ${pr.file} (${pr.phase})`);
        },
      });
      return { files: summaries.length, failed: summaries.filter((s) => s.status === 'failed').length };
    } finally {
      close();
    }
  });

  return {
    name: 'crime',
    service,
    staffNav: [{ text: 'Crime data', href: '/admin/crime', visible: (r) => crimePermissions.can(r, 'crime:view-imports') }],
    history: {
      'crime-import': (r) => crimePermissions.can(r, 'crime:view-imports'),
      'crime-import-job': (r) => crimePermissions.can(r, 'crime:view-imports'),
    },
    openData: [
      apiDataset(
        'Recorded crime and anti-social behaviour (police.uk)',
        'Street-level crime counts by month, category and area, from the police.uk files imported here.',
        'counts',
        ['force', 'month', 'category'],
      ),
      apiDataset(
        'Crime outcomes (police.uk)',
        'Outcomes recorded each month for the force, by outcome and by the category of the crime.',
        'outcomes',
        OUTCOME_DIMS,
      ),
      apiDataset(
        'Stop and search (police.uk)',
        'Searches by the force each month (UK local time), by self-defined and officer-defined ethnicity, age range, gender, object of search and outcome.',
        'stop-search',
        STOP_SEARCH_DIMS,
      ),
    ],
    async routes(app) {
      // Loaded here, not above: a command (openpcc import police-uk) never serves a page.
      const [{ adminRoutes }, { apiRoutes }] = await Promise.all([import('./routes/admin.js'), import('./routes/api.js')]);
      await app.register(adminRoutes(platform, service));
      await app.register(apiRoutes(platform, service));
    },
    cli(program) {
      const importCmd = commandGroup(program, 'import', 'Import data');
      importCmd
        .command('police-uk')
        .description(
          'Import police.uk street, outcomes and stop-and-search files (CSV, folders searched recursively, or zips in the police.uk archive layout); each force × month × kind is replaced atomically',
        )
        .argument('<paths...>', 'files, folders or zips')
        .option('--no-progress', 'no progress bar')
        .option('--replace', 'import even a file that has no rows or would remove more than half of what its force × month × kind holds')
        .action(async (paths: string[], opts: { progress: boolean; replace?: boolean }) => {
          const { sources, skipped, close } = await collectSources(paths);
          for (const s of skipped) console.error(`skipped ${s}: not named YYYY-MM-<force>-<street|outcomes|stop-and-search>.csv`);
          const total = sources.reduce((n, s) => n + (s.size ?? 0), 0);
          const bar =
            opts.progress && process.stderr.isTTY !== undefined
              ? new cliProgress.SingleBar(
                  { format: 'police.uk {bar} {percentage}% | file {file}/{files} {name}', stream: process.stderr, hideCursor: true },
                  cliProgress.Presets.shades_classic,
                )
              : undefined;
          bar?.start(total || 1, 0, { file: 0, files: sources.length, name: '' });
          let done = 0;
          try {
            const summaries = await service.importFiles(sources, {
              actor: { ...SYSTEM_ACTOR, label: 'command line' },
              source: 'cli',
              lowMemory: true,
              replace: opts.replace === true,
              onProgress: (p) => {
                if (p.phase === 'done' || p.phase === 'failed') done += p.totalBytes ?? 0;
                bar?.update(Math.min(total, done + (p.phase === 'done' || p.phase === 'failed' ? 0 : p.bytes)), {
                  file: p.fileIndex + 1,
                  files: p.files,
                  name: p.file,
                });
              },
            });
            bar?.stop();
            for (const s of summaries) for (const l of summaryLines(s)) (s.status === 'done' ? console.log : console.error)(l);
            const failed = summaries.filter((s) => s.status === 'failed').length;
            console.log(`${summaries.length - failed} of ${summaries.length} files imported${failed ? `, ${failed} refused` : ''}.`);
            if (failed) process.exitCode = 1;
          } finally {
            bar?.stop();
            close();
          }
        });
    },
    demoLabel: 'crime figures',
    async loadDemo() {
      const dir = join(ROOT_DIR, 'seeds', 'police-uk');
      const sources = readdirSync(dir)
        .filter((f) => f.endsWith('.csv.gz'))
        .map((f) => fileSource(join(dir, f)));
      const summaries = await service.importFiles(sources, { actor: { ...SYSTEM_ACTOR, label: 'demo data' }, source: 'demo' });
      const failed = summaries.filter((s) => s.status === 'failed');
      if (failed.length) throw new Error(`Demo crime data refused: ${failed.map((s) => summaryLines(s).join(' ')).join('; ')}`);
    },
  };
}
