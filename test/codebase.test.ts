import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The promises the docs make about the code (docs/adding-a-module.md, issue 16), checked on every run. */
const root = join(import.meta.dirname, '..');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
const files = sources(join(root, 'src')).map((f) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') }));

describe('the codebase', () => {
  it('has no source file over 500 lines', () => {
    const long = files.filter((f) => f.text.split('\n').length > 500).map((f) => `${f.path}: ${f.text.split('\n').length} lines`);
    expect(long).toEqual([]);
  });

  it('keeps SQL in repositories: no query builder, sql template or table import in a service', () => {
    // Every table any module declares (`export const x = pgTable(…)`).
    const tables = new Set(
      files.filter((f) => /schema\.ts$/.test(f.path)).flatMap((f) => [...f.text.matchAll(/export const (\w+) = pgTable\(/g)].map((m) => m[1])),
    );
    expect(tables.size).toBeGreaterThan(20);
    const services = files.filter((f) => /Service\.ts$/.test(f.path));
    expect(services.length).toBeGreaterThan(10);
    const found = services.flatMap((f) => {
      const problems: string[] = [];
      f.text.split('\n').forEach((line, i) => {
        const at = `${f.path}:${i + 1}: ${line.trim()}`;
        if (/\bsql`|from 'drizzle-orm'/.test(line)) problems.push(at);
        if (/\b(db|tx|dbx|trx|database\.db)\.(select|selectDistinct|insert|update|delete|execute)\(/.test(line)) problems.push(at);
        if (/^\s*\.(select|selectDistinct|insert|update|delete|from|where|execute)\(/.test(line)) problems.push(at); // a chain begun on the line above
      });
      // Values (not types) imported from a schema file that are tables.
      for (const m of f.text.matchAll(/import \{([^}]*)\} from '[^']*schema\.js'/g))
        for (const name of m[1].split(',').map((n) => n.trim()))
          if (name && !name.startsWith('type ') && tables.has(name)) problems.push(`${f.path}: imports the table ${name}`);
      return problems;
    });
    expect(found).toEqual([]);
  });

  it('has fewer than 60 type assertions in src/, each that remains saying why', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts/count-casts.mjs'), '--list'], { cwd: root, encoding: 'utf8' });
    const casts = out.trim().split('\n').slice(0, -1);
    expect(casts.length).toBeLessThan(60);
    const unexplained = casts.filter((c) => {
      const [path, line] = c.split(':');
      const lines = readFileSync(join(root, path), 'utf8').split('\n');
      return !lines.slice(Math.max(0, Number(line) - 5), Number(line)).some((l) => /\bCast\b/.test(l));
    });
    expect(unexplained).toEqual([]);
  });
});
