/**
 * The API reference page: the OpenAPI document as plain HTML for people. Operations are grouped
 * by tag; a register's JSON and CSV (`x` and `x.csv`) are shown as one entry with both formats;
 * each entry lists its parameters and the fields of its records, with a link to try it when it
 * needs no identifier in its path.
 */

interface SchemaLike {
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  items?: SchemaLike;
  properties?: Record<string, SchemaLike>;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}
interface ParameterLike {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: SchemaLike;
}
interface OperationLike {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: ParameterLike[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: SchemaLike }> }>;
}
export interface OpenApiLike {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, OperationLike>>;
}

const TAG_NAMES: Record<string, string> = {
  plans: 'Plans',
  delivery: 'Delivery of the plan',
  performance: 'Performance measures',
  crime: 'Crime data',
  engagement: 'Consultations and engagement',
  scrutiny: 'Scrutiny and accountability',
  resources: 'Money, people and grants',
};
const TAG_ORDER = Object.keys(TAG_NAMES);

/** A schema's type in words: "text", "date", "whole number", "list of text", "yes or no"… */
export function typeWords(s: SchemaLike | undefined): string {
  if (!s) return 'text';
  const types = (Array.isArray(s.type) ? s.type : [s.type ?? 'string']).filter((t) => t !== 'null');
  const nullable = Array.isArray(s.type) && s.type.includes('null');
  const one = (t: string | undefined): string => {
    if (t === 'string')
      return s.format === 'date' ? 'date (YYYY-MM-DD)' : s.format === 'uuid' ? 'identifier' : s.format?.startsWith('uri') ? 'web address' : 'text';
    if (t === 'integer') return 'whole number';
    if (t === 'number') return 'number';
    if (t === 'boolean') return 'true or false';
    if (t === 'array') return `list of ${s.items ? typeWords(s.items) : 'values'}`;
    if (t === 'object') return 'group of fields';
    return t ?? 'text';
  };
  return `${types.map(one).join(' or ')}${nullable ? ' (may be empty)' : ''}`;
}

function limits(s: SchemaLike | undefined): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.enum?.length) parts.push(`one of ${s.enum.join(', ')}`);
  if (s.minimum !== undefined && s.maximum !== undefined) parts.push(`from ${s.minimum} to ${s.maximum}`);
  if (s.pattern) parts.push(`in the form ${s.pattern}`);
  return parts.join('; ');
}

/** The fields of the records an operation returns: the items of `data` (or `data` itself). */
function fieldsOf(op: OperationLike | undefined) {
  const schema = op?.responses?.['200']?.content?.['application/json']?.schema;
  const data = schema?.properties?.data;
  const record = data?.items ?? data;
  return Object.entries(record?.properties ?? {}).map(([name, s]) => ({ name, type: cap(typeWords(s)), description: s.description ?? '' }));
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const slug = (s: string) =>
  s
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

export function apiReferencePresenter(doc: OpenApiLike) {
  const groups = new Map<string, ReturnType<typeof entry>[]>();
  function entry(path: string, op: OperationLike, csv: OperationLike | undefined) {
    const parameters = (op.parameters ?? []).map((p) => ({
      name: p.name,
      where: p.in === 'path' ? 'in the address' : p.in === 'query' ? `after ?, as ${p.name}=…` : p.in,
      required: !!p.required,
      type: cap(typeWords(p.schema)),
      description: [p.description ?? p.schema?.description ?? '', cap(limits(p.schema))].filter(Boolean).join('. '),
    }));
    const needsId = parameters.some((p) => p.required); // no example without a value only the reader knows
    const formats = [{ label: 'JSON', path, href: needsId ? null : path }];
    if (csv) formats.push({ label: 'CSV', path: `${path}.csv`, href: needsId ? null : `${path}.csv` });
    return {
      id: slug(path.replace(/^\/api\/v1\//, '')),
      summary: op.summary ?? path,
      description: op.description ?? '',
      method: 'GET',
      path,
      formats,
      parameters,
      fields: fieldsOf(op),
    };
  }
  const paths = doc.paths ?? {};
  for (const [path, item] of Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))) {
    const op = item.get;
    if (!op || path === '/api/v1/openapi.json') continue;
    if (path.endsWith('.csv') && paths[path.slice(0, -4)]?.get) continue; // shown with its JSON
    const tag = op.tags?.[0] ?? 'other';
    const csv = paths[`${path}.csv`]?.get;
    const e = path.endsWith('.csv') ? { ...entry(path, op, undefined), formats: [{ label: 'CSV', path, href: path }] } : entry(path, op, csv);
    groups.set(tag, [...(groups.get(tag) ?? []), e]);
  }
  const order = (t: string) => (TAG_ORDER.includes(t) ? TAG_ORDER.indexOf(t) : TAG_ORDER.length);
  return {
    version: doc.info?.version ?? '',
    groups: [...groups.entries()]
      .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
      .map(([tag, operations]) => ({ id: `tag-${slug(tag)}`, title: TAG_NAMES[tag] ?? tag.charAt(0).toUpperCase() + tag.slice(1), operations })),
  };
}
