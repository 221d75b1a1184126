import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';

let t: TestApp;
let editor: Agent;
const latin1 = (s: string) => Buffer.from(s, 'latin1');

beforeAll(async () => {
  t = await buildTestApp();
  editor = await t.signInAs('editor');
});
afterAll(async () => t?.close());

describe('imported bytes', () => {
  it('refuses a plan file that is not UTF-8, naming the line and column of the first bad byte', async () => {
    const yaml = readFileSync('test/fixtures/delivery/test-plan.yaml', 'utf8').replace(/\n/, '\n# Café\n');
    const res = await editor.upload('/admin/plans/import', {}, [{ field: 'planFile', filename: 'plan.yaml', content: latin1(yaml), type: 'text/yaml' }]);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('The file is not UTF-8 text: line 2, column 6 holds a byte that is not UTF-8');
  });

  it('refuses a YAML alias bomb with a clear error', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const res = await editor.upload('/admin/plans/import', {}, [{ field: 'planFile', filename: 'bomb.yaml', content: lines.join('\n'), type: 'text/yaml' }]);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('the file repeats its aliases (*name) too many times');
  });

  it('refuses a spending file that is not UTF-8, naming the line and column', async () => {
    const csv = 'reference,paid_on,supplier,description,category,amount\nS-1,2025-04-02,Café Ltd,Lunch,Catering,12.50\n';
    const res = await editor.upload('/admin/resources/spending/import', {}, [{ field: 'file', filename: 'april.csv', content: latin1(csv), type: 'text/csv' }]);
    expect(res.statusCode).toBe(400);
    expect(textOf(res.body)).toContain('april.csv was refused: The file is not UTF-8 text: line 2, column 19');
  });
});
