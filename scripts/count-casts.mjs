// Counts type assertions (`x as T`, `<T>x`; not `as const`) in src/, outside tests, with the
// TypeScript parser: `node scripts/count-casts.mjs [--list] [--max N]`. Exit 1 when over --max.
import ts from 'typescript';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import console from 'node:console';

const args = process.argv.slice(2);
const max = args.includes('--max') ? Number(args[args.indexOf('--max') + 1]) : Infinity;
const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) files.push(p);
  }
})('src');
const found = [];
for (const f of files) {
  const source = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
  (function visit(node) {
    const isCast = ts.isAsExpression(node) || ts.isTypeAssertionExpression(node);
    const isConst = isCast && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(source) === 'const';
    if (isCast && !isConst)
      found.push(`${f}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${node.getText(source).replace(/\s+/g, ' ').slice(0, 100)}`);
    ts.forEachChild(node, visit);
  })(source);
}
if (args.includes('--list')) for (const line of found) console.log(line);
console.log(`${found.length} casts in src/${Number.isFinite(max) ? ` (at most ${max})` : ''}`);
process.exit(found.length > max ? 1 : 0);
