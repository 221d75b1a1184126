import { parseDocument, isMap } from 'yaml';
import { z } from 'zod';
import { PLAN_STATUSES, STATUTORY_ELEMENTS } from './schema.js';

const reference = z
  .string({ error: 'required' })
  .trim()
  .min(1, 'required')
  .max(80, 'must be 80 characters or fewer')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dots, dashes and underscores only');
const text = (max = 2000) => z.string({ error: 'required' }).trim().min(1, 'required').max(max, `must be ${max} characters or fewer`);
const optionalText = (max = 50000) => z.string({ error: 'must be text' }).max(max, `must be ${max} characters or fewer`).optional();
const isoDate = z
  .union([z.string(), z.date()], { error: 'required' })
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()))
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), 'must be a date like 2024-05-01');
const textList = z.array(text(4000), { error: 'must be a list' }).default([]);

export const planFileSchema = z
  .object({
    reference: reference.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes only'),
    title: text(300),
    term: z.object({ start: isoDate, end: isoDate }, { error: 'required' }),
    status: z.enum(PLAN_STATUSES, { error: `must be one of ${PLAN_STATUSES.join(', ')}` }).default('draft'),
    refreshes: reference.optional(),
    priorityLabel: text(60).default('Priority'),
    summary: optionalText(),
    vision: optionalText(2000),
    mission: optionalText(4000),
    values: textList,
    outcomes: z.array(z.object({ reference, title: text(500), description: optionalText() }), { error: 'must be a list' }).default([]),
    priorities: z
      .array(
        z.object({
          reference,
          title: text(500),
          narrative: optionalText(),
          outcomes: z.array(reference, { error: 'must be a list' }).default([]),
          commitments: z.array(z.object({ reference, title: text(4000), description: optionalText() }), { error: 'must be a list' }).default([]),
          forcePriorities: z
            .array(z.object({ reference, title: text(500), lead: optionalText(300), areasOfFocus: textList }), { error: 'must be a list' })
            .default([]),
          measures: z.array(z.object({ measure: text(1000), outcome: optionalText(1000) }), { error: 'must be a list' }).default([]),
          achievements: textList,
          plannedActions: textList,
        }),
        { error: 'must be a list' },
      )
      .default([]),
    sections: z
      .array(
        z.object({
          reference,
          title: text(300),
          body: optionalText(),
          covers: z.array(z.enum(STATUTORY_ELEMENTS, { error: `must be one of ${STATUTORY_ELEMENTS.join(', ')}` })).default([]),
        }),
        { error: 'must be a list' },
      )
      .default([]),
  })
  .superRefine((plan, ctx) => {
    if (plan.term.end <= plan.term.start) ctx.addIssue({ code: 'custom', path: ['term', 'end'], message: 'must be after term.start' });
    if (plan.refreshes === plan.reference) ctx.addIssue({ code: 'custom', path: ['refreshes'], message: 'cannot be the plan itself' });
    const unique = (kind: string, refs: { ref: string; path: (string | number)[] }[]) => {
      const seen = new Map<string, string>();
      for (const r of refs) {
        const before = seen.get(r.ref);
        if (before) ctx.addIssue({ code: 'custom', path: r.path, message: `duplicate ${kind} reference "${r.ref}" (also at ${before})` });
        else seen.set(r.ref, formatPath(r.path));
      }
    };
    unique(
      'outcome',
      plan.outcomes.map((o, i) => ({ ref: o.reference, path: ['outcomes', i, 'reference'] })),
    );
    unique(
      'priority',
      plan.priorities.map((p, i) => ({ ref: p.reference, path: ['priorities', i, 'reference'] })),
    );
    unique(
      'commitment',
      plan.priorities.flatMap((p, i) => p.commitments.map((c, j) => ({ ref: c.reference, path: ['priorities', i, 'commitments', j, 'reference'] }))),
    );
    unique(
      'force priority',
      plan.priorities.flatMap((p, i) => p.forcePriorities.map((c, j) => ({ ref: c.reference, path: ['priorities', i, 'forcePriorities', j, 'reference'] }))),
    );
    unique(
      'section',
      plan.sections.map((s, i) => ({ ref: s.reference, path: ['sections', i, 'reference'] })),
    );
    const outcomeRefs = new Set(plan.outcomes.map((o) => o.reference));
    plan.priorities.forEach((p, i) =>
      p.outcomes.forEach((o, j) => {
        if (!outcomeRefs.has(o)) ctx.addIssue({ code: 'custom', path: ['priorities', i, 'outcomes', j], message: `no outcome with reference "${o}"` });
      }),
    );
  });

export type PlanFile = z.infer<typeof planFileSchema>;

export interface PlanFileError {
  /** Place in the file, e.g. priorities[2].commitments[0].title */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export class PlanFileInvalid extends Error {
  constructor(public readonly errors: PlanFileError[]) {
    super(errors.map((e) => `${e.path}${e.line ? ` (line ${e.line}, column ${e.column})` : ''}: ${e.message}`).join('\n'));
    this.name = 'PlanFileInvalid';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(file)';
}

/**
 * Parses and validates a plan file. Every problem comes back with its place in the file (a path
 * and, where the YAML has it, a line and column); nothing is returned unless the whole file is valid.
 */
export function parsePlanFile(source: string): PlanFile {
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new PlanFileInvalid(
      doc.errors.map((e) => ({
        path: '(file)',
        message: e.message.split('\n')[0],
        line: e.linePos?.[0]?.line,
        column: e.linePos?.[0]?.col,
      })),
    );
  }
  if (!isMap(doc.contents)) throw new PlanFileInvalid([{ path: '(file)', message: 'the file must be a YAML mapping (key: value) describing one plan' }]);
  const data = doc.toJS({ maxAliasCount: 50 });
  const result = planFileSchema.safeParse(data);
  if (result.success) return result.data;
  const lineCounter = source.split('\n');
  throw new PlanFileInvalid(
    result.error.issues.map((i) => {
      const path = formatPath(i.path);
      const pos = locate(doc, i.path, lineCounter);
      const message = i.message === 'Invalid input: expected string, received undefined' ? 'required' : i.message;
      return { path, message, ...pos };
    }),
  );
}

/** Finds the line and column of a path in the YAML document (of the nearest node that exists). */
function locate(doc: ReturnType<typeof parseDocument>, path: readonly PropertyKey[], lines: string[]) {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      const offset = node.range[0];
      let line = 1;
      let acc = 0;
      for (const l of lines) {
        if (acc + l.length + 1 > offset) break;
        acc += l.length + 1;
        line++;
      }
      return { line, column: offset - acc + 1 };
    }
  }
  return {};
}
