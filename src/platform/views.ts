import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyView from '@fastify/view';
import nunjucks from 'nunjucks';
import { ROOT_DIR } from '../db/migrate.js';
import type { FieldError } from './forms.js';
import { errorSummaryList } from './forms.js';
import { ROLE_LABELS, isRole } from './roles.js';
import { formatNumber as formatUk } from './format.js';

const LONDON = 'Europe/London';

export function formatDate(value: unknown, style: 'date' | 'datetime' | 'month' | 'short' = 'date'): string {
  if (value === null || value === undefined || value === '') return '';
  const d = value instanceof Date ? value : new Date(String(value).length === 7 ? `${value}-01T12:00:00Z` : String(value));
  if (Number.isNaN(d.getTime())) return String(value);
  const opts: Intl.DateTimeFormatOptions =
    style === 'month'
      ? { month: 'long', year: 'numeric', timeZone: LONDON }
      : style === 'short'
        ? { day: 'numeric', month: 'short', year: 'numeric', timeZone: LONDON }
        : style === 'datetime'
          ? { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: LONDON }
          : { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON };
  return new Intl.DateTimeFormat('en-GB', opts).format(d);
}

export function formatNumber(value: unknown, digits = 0): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return '';
  return formatUk(n, digits, digits);
}

/** The plural of a label such as "Priority objective" → "Priority objectives", "Priority" → "Priorities". */
export function pluralNoun(word: string): string {
  if (!word) return word;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/** Template search paths: the platform's layout and partials, every module's folder, govuk-frontend. */
export const TEMPLATE_PATHS = [
  join(ROOT_DIR, 'src', 'platform', 'views'),
  join(ROOT_DIR, 'src', 'platform'),
  join(ROOT_DIR, 'src', 'modules'),
  join(ROOT_DIR, 'node_modules', 'govuk-frontend', 'dist'),
];

export function configureNunjucks(env: nunjucks.Environment) {
  env.addFilter('date', (v: unknown) => formatDate(v, 'date'));
  env.addFilter('datetime', (v: unknown) => formatDate(v, 'datetime'));
  env.addFilter('monthName', (v: unknown) => formatDate(v, 'month'));
  env.addFilter('number', (v: unknown, digits?: number) => formatNumber(v, digits ?? 0));
  env.addFilter('roleLabel', (v: unknown) => (isRole(v) ? ROLE_LABELS[v] : String(v ?? '')));
  /** The errorMessage option of a govuk macro for one field, or false. */
  env.addFilter('errorFor', (errors: FieldError[] | undefined, name: string) => {
    const e = errors?.find((x) => x.field === name);
    return e ? { text: e.message } : false;
  });
  env.addFilter('errorSummaryList', (errors: FieldError[] | undefined) => errorSummaryList(errors ?? []));
  /** Newline-separated text to an array of paragraphs (each then escaped by the template). */
  env.addFilter('paragraphs', (v: unknown) =>
    String(v ?? '')
      .split(/\n\s*\n|\r\n\s*\r\n/)
      .map((p) => p.trim())
      .filter(Boolean),
  );
  env.addFilter('plural', (word: unknown) => pluralNoun(String(word ?? '')));
  env.addFilter('pluralise', (n: number, one: string, many: string) => (n === 1 ? one : many));
  env.addGlobal('roleLabels', ROLE_LABELS);
  return env;
}

export async function registerViews(app: FastifyInstance, opts: { cache: boolean }) {
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: TEMPLATE_PATHS,
    options: {
      autoescape: true,
      noCache: !opts.cache,
      throwOnUndefined: false,
      onConfigure: (env: nunjucks.Environment) => configureNunjucks(env),
    },
  });
}
