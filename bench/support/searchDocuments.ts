import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH_KINDS, type SearchKind } from '../../src/modules/search/kinds.js';
import { ROLES, type Role } from '../../src/platform/roles.js';
import type { SearchDocument } from '../../src/platform/searchDocuments.js';

/** Sentences of the demo plans, the words synthetic documents are made of. */
function sentences(): string[] {
  const dir = join(import.meta.dirname, '..', '..', 'seeds', 'plans');
  const text = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  return text
    .split(/[.\n]/)
    .map((s) => s.replace(/^[\s\-:'"a-z_]*:\s*/i, '').trim())
    .filter((s) => s.split(' ').length >= 4);
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` documents made of the demo plans' sentences, with kinds, years and audiences like the demo's. */
export function syntheticSearchDocuments(n: number): SearchDocument[] {
  const pool = sentences();
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const kinds = Object.keys(SEARCH_KINDS) as SearchKind[];
  const docs: SearchDocument[] = [];
  for (let i = 0; docs.length < n; i++) {
    const kind = pick(kinds);
    const title = pick(pool).slice(0, 120);
    const body = Array.from({ length: 1 + Math.floor(r() * 6) }, () => pick(pool)).join('. ');
    const year = 2013 + Math.floor(r() * 14);
    const base = { kind, id: `bench-${i}`, title, body, year };
    // Most records have a public copy and a staff copy, as the demo's do.
    if (r() < 0.8) docs.push({ ...base, href: `/bench/${i}`, audience: 'public' });
    docs.push({ ...base, href: `/admin/bench/${i}`, audience: ROLES.filter(() => r() < 0.8) as Role[] });
  }
  return docs;
}
