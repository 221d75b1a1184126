import { isMap, isScalar, parseDocument } from 'yaml';
import type { z } from 'zod';
import { closestWord } from './editDistance.js';
import { planFileShape } from './planFileSchema.js';

/**
 * The plan file: the format (planFileSchema.ts) with the checks across the file (unique
 * references, links to items that exist, the term's order).
 */
export const planFileSchema = planFileShape.superRefine((plan, ctx) => {
  if (plan.term.end <= plan.term.start) ctx.addIssue({ code: 'custom', path: ['term', 'end'], message: 'must be after term.start' });
  if (plan.refreshes === plan.reference) ctx.addIssue({ code: 'custom', path: ['refreshes'], message: 'cannot be the plan itself' });
  if (plan.follows === plan.reference) ctx.addIssue({ code: 'custom', path: ['follows'], message: 'cannot be the plan itself' });
  if (plan.follows && plan.refreshes)
    ctx.addIssue({
      code: 'custom',
      path: ['follows'],
      message: 'a plan either refreshes a version of itself or follows the plan of the term before, not both',
    });
  const c = plan.consultation;
  if (c?.opens && c.closes && c.closes < c.opens)
    ctx.addIssue({ code: 'custom', path: ['consultation', 'closes'], message: 'must not be before consultation.opens' });
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
    'theme',
    plan.themes.map((t, i) => ({ ref: t.reference, path: ['themes', i, 'reference'] })),
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
  const linked = (refs: Set<string>, kind: string, items: string[], path: (string | number)[]) =>
    items.forEach((r, j) => {
      if (!refs.has(r)) ctx.addIssue({ code: 'custom', path: [...path, j], message: `no ${kind} with reference "${r}"` });
    });
  const outcomeRefs = new Set(plan.outcomes.map((o) => o.reference));
  const priorityRefs = new Set(plan.priorities.map((p) => p.reference));
  plan.priorities.forEach((p, i) => linked(outcomeRefs, 'outcome', p.outcomes, ['priorities', i, 'outcomes']));
  plan.outcomes.forEach((o, i) => linked(priorityRefs, 'priority', o.priorities, ['outcomes', i, 'priorities']));
  plan.themes.forEach((t, i) => linked(priorityRefs, 'priority', t.priorities, ['themes', i, 'priorities']));
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
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    // The yaml library refuses aliases that would expand without bound (a "billion laughs" file).
    if (!(e instanceof Error) || !/alias/i.test(e.message)) throw e;
    throw new PlanFileInvalid([{ path: '(file)', message: 'the file repeats its aliases (*name) too many times: write the values out instead' }]);
  }
  const result = planFileSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = source.split('\n');
  throw new PlanFileInvalid(
    result.error.issues.flatMap((i): PlanFileError[] => {
      if (i.code === 'unrecognized_keys') {
        const known = knownKeys(i.path);
        return i.keys.map((key) => {
          const path = [...i.path, key];
          const suggestion = closestWord(key, known);
          return {
            path: formatPath(path),
            message: `\`${key}\`: unknown key${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
            ...locate(doc, path, lines, true),
          };
        });
      }
      const message = /^Invalid input: expected \w+, received undefined$/.test(i.message) ? 'required' : i.message;
      return [{ path: formatPath(i.path), message, ...locate(doc, i.path, lines) }];
    }),
  );
}

/** The keys the format allows in the object at this place in the file. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = planFileShape;
  const unwrap = (n: z.ZodType): z.ZodType => {
    // Cast: zod's def types are internal; only these fields of the wrappers are read.
    const def = n._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') && def.innerType)
      return unwrap(def.innerType);
    if (def.type === 'pipe' && def.in) return unwrap(def.in);
    return n;
  };
  for (const part of path) {
    if (!node) return [];
    // Cast: zod's def types are internal; only the object's shape and the array's element are read.
    const def = unwrap(node)._zod.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType };
    node = def.type === 'object' && typeof part === 'string' ? def.shape?.[part] : def.type === 'array' ? def.element : undefined;
  }
  // Cast: zod's def types are internal; only the object's shape is read.
  const def = node ? (unwrap(node)._zod.def as { type: string; shape?: Record<string, z.ZodType> }) : undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/**
 * Finds the line and column of a path in the YAML document (of the nearest node that exists).
 * With `key`, the last part of the path is a key of a mapping and its own position is given.
 */
function locate(doc: ReturnType<typeof parseDocument>, path: readonly PropertyKey[], lines: string[], key = false) {
  const position = (offset: number) => {
    let line = 1;
    let acc = 0;
    for (const l of lines) {
      if (acc + l.length + 1 > offset) break;
      acc += l.length + 1;
      line++;
    }
    return { line, column: offset - acc + 1 };
  };
  if (key) {
    // Cast: yaml's getIn takes a mutable unknown[]; the path is only read.
    const parent = doc.getIn(path.slice(0, -1) as unknown[], true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return position(range[0]);
    }
  }
  for (let n = path.length; n >= 0; n--) {
    // Cast: yaml's getIn takes a mutable unknown[] and gives unknown; a node there has a range.
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return position(node.range[0]);
  }
  return {};
}
