/**
 * Reads a CSV of entered figures with the import kit: `measure,period,value,note` (header
 * required; note optional; other columns ignored). All-or-nothing: any problem refuses the whole
 * file with `ImportRefused`, each problem with its line and column.
 */
import { z } from 'zod';
import { checkCsv, ImportRefused } from '../../platform/importKit.js';
import { isPeriod, PERIOD_EXAMPLES } from './periods.js';
import type { Frequency, SourceKind } from './schema.js';

export interface FigureRow {
  line: number;
  measure: string;
  period: string;
  value: number;
  note: string | null;
}

export type MeasureKinds = Map<string, { frequency: Frequency; sourceKind: SourceKind }>;

const COLUMNS = ['measure', 'period', 'value', 'note'] as const;

/** One row, checked against the measures there are (a period is checked against its measure's frequency). */
function figureRow(measures: MeasureKinds) {
  return z
    .object({
      measure: z
        .string()
        .min(1, 'Enter the measure reference')
        .superRefine((ref, ctx) => {
          const m = measures.get(ref);
          if (!m) ctx.addIssue({ code: 'custom', message: `There is no measure with the reference "${ref}"` });
          else if (m.sourceKind !== 'entered')
            ctx.addIssue({ code: 'custom', message: `The measure "${ref}" is computed from crime data; figures cannot be entered for it` });
        }),
      period: z.string(),
      // A check, then the number: a check (unlike a transform) lets the period still be checked.
      value: z
        .string()
        .superRefine((v, ctx) => {
          const raw = v.replace(/,/g, '');
          if (raw === '' || !Number.isFinite(Number(raw))) ctx.addIssue({ code: 'custom', message: raw === '' ? 'Enter the value' : `"${v}" is not a number` });
        })
        .transform((v) => Number(v.replace(/,/g, ''))),
      note: z
        .string()
        .max(2000, 'The note must be 2,000 characters or fewer')
        .transform((v) => v || null),
    })
    .superRefine((r, ctx) => {
      const m = measures.get(r.measure);
      if (m && !isPeriod(m.frequency, r.period))
        ctx.addIssue({ code: 'custom', path: ['period'], message: `Enter a ${m.frequency} period like ${PERIOD_EXAMPLES[m.frequency]}` });
    });
}

export function parseFiguresCsv(text: string, measures: MeasureKinds): FigureRow[] {
  const read = checkCsv(text, {
    columns: COLUMNS,
    required: ['measure', 'period', 'value'],
    unknownColumns: 'ignore',
    extraCells: 'refuse',
    row: figureRow(measures),
  });
  const problems = read.problems.map((p) =>
    // A missing column, as people have always been told it: with the columns the file needs.
    p.line === 1 && p.field && !p.column ? { ...p, message: `The header has no "${p.field}" column (expected: ${COLUMNS.join(',')})` } : p,
  );
  // The same period of a measure twice (rows accepted or not).
  const seen = new Map<string, number>();
  for (const { line, value: c } of read.cells) {
    if (!measures.has(c.measure)) continue;
    const key = `${c.measure}\u0000${c.period}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, line);
    else problems.push(read.problemAt(line, 'period', `The period ${c.period} of "${c.measure}" is also on line ${first}`));
  }
  if (problems.length) throw new ImportRefused(problems);
  if (!read.rows.length) throw new ImportRefused([{ line: 2, message: 'The file has no rows of figures' }]);
  return read.rows.map(({ line, value }) => ({ line, ...value }));
}
