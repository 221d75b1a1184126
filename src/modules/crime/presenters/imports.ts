import { z } from 'zod';
import { describeProblem } from '../../../platform/importKit.js';
import { NEEDS_REPLACE, type CrimeProblem } from '../importChecks.js';
import { columnAt } from '../kinds.js';
import { CRIME_KINDS } from '../months.js';

/** Shapes import records for the staff pages (views do not compute). */
type Rec = Record<string, unknown>;

const KIND_LABEL: Record<string, string> = { street: 'Street crime and ASB', outcomes: 'Outcomes', 'stop-and-search': 'Stop and search' };
/** A JSON list column (an array, or its text on a driver that returns text), its items read with `item`. */
function arr<S extends z.ZodType>(v: unknown, item: S): z.output<S>[] {
  const list: unknown = typeof v === 'string' ? JSON.parse(v) : v;
  const read = z.array(item).safeParse(list);
  return read.success ? read.data : [];
}
const rejectionItem = z.object({ reason: z.string(), count: z.number(), lines: z.array(z.number()) });
const anomalyItem = z.object({ message: z.string(), count: z.number(), sample: z.array(z.string()) });
/**
 * A stored problem: the import kit's shape (line, column number, field, message), or the shape
 * imports recorded before it (no line for the file as a whole, the column as its header or
 * "column 13"), read as the kit's.
 */
const storedProblem = z.object({
  line: z.number().nullish(),
  column: z.union([z.number(), z.string()]).nullish(),
  field: z.string().nullish(),
  message: z.string(),
  code: z.string().nullish(),
});
function problemsOf(r: Rec): CrimeProblem[] {
  const kind = CRIME_KINDS.find((k) => k === r.kind);
  return arr(r.errors, storedProblem).map((p) => {
    const old = typeof p.column === 'string' ? p.column : undefined;
    const place = /^(?:column )?(\d+)$/.exec(old ?? '');
    const at =
      old === undefined
        ? { column: typeof p.column === 'number' ? p.column : undefined, field: p.field ?? undefined }
        : place
          ? { column: Number(place[1]) }
          : kind
            ? columnAt(kind, old)
            : { field: old };
    return { line: p.line ?? 0, ...at, message: p.message, ...(p.code === NEEDS_REPLACE ? { code: NEEDS_REPLACE } : {}) };
  });
}
const failedResult = z.object({ error: z.string() });

export interface ImportRow {
  id: string;
  fileName: string;
  force: string;
  month: string;
  kind: string;
  status: 'done' | 'failed';
  statusText: string;
  rows: string;
  rejected: string;
  anomalies: number;
  when: string;
  source: string;
  /** Why it was refused when only a confirmation can import it (it would remove data), with the counts. */
  needsReplace?: string;
}

export function importRow(r: Rec): ImportRow {
  const status = r.status === 'done' ? 'done' : 'failed';
  const created = r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at));
  return {
    id: String(r.id),
    fileName: String(r.file_name),
    force: String(r.force || '–'),
    month: String(r.month || '–'),
    kind: KIND_LABEL[String(r.kind)] ?? String(r.kind || '–'),
    status,
    statusText: status === 'done' ? 'Imported' : 'Refused',
    rows: Number(r.rows).toLocaleString('en-GB'),
    rejected: Number(r.rejected).toLocaleString('en-GB'),
    anomalies: arr(r.anomalies, z.unknown()).length,
    when: created.toISOString().slice(0, 16).replace('T', ' '),
    source: String(r.source),
    needsReplace: problemsOf(r).find((e) => e.code === NEEDS_REPLACE)?.message,
  };
}

export function importDetail(r: Rec) {
  return {
    ...importRow(r),
    millis: r.millis == null ? '–' : `${Number(r.millis).toLocaleString('en-GB')} ms`,
    rejections: arr(r.rejections, rejectionItem).map((x) => ({
      reason: x.reason,
      count: x.count.toLocaleString('en-GB'),
      lines: x.lines.join(', '),
    })),
    anomalies: arr(r.anomalies, anomalyItem).map((x) => ({
      message: x.message,
      count: x.count.toLocaleString('en-GB'),
      sample: x.sample.join(', '),
    })),
    /** Each problem as the import kit words it: "Line 42, column 5 (Longitude): …". */
    errors: problemsOf(r).map(describeProblem),
  };
}

/** The background job's progress as words and a percentage. */
export function jobProgress(job: { status: string; progress: number | null; total: number | null; message: string | null; result: unknown }) {
  const pct = job.total ? Math.min(100, Math.round(((job.progress ?? 0) / job.total) * 100)) : null;
  const running = job.status === 'queued' || job.status === 'running';
  const text =
    job.status === 'queued'
      ? 'Waiting to start'
      : job.status === 'running'
        ? `Importing${pct !== null ? `: ${pct}% done` : ''}`
        : job.status === 'done'
          ? 'Finished'
          : 'Failed';
  const error = job.status === 'failed' ? (failedResult.safeParse(job.result).data?.error ?? job.message ?? 'The import failed') : null;
  return { running, pct, text, message: job.message ?? '', error };
}
