import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, textOf, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { listAudit } from '../../platform/audit.js';
import type { ResourcesModule } from './index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../test/fixtures/resources', name), 'utf8');

// The spending import needs no plan or demo data: an app, an editor and a visitor.
let t: TestApp;
let resources: ResourcesModule;
let anon: Agent;
let editor: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  resources = t.modules.find((m) => m.name === 'resources') as ResourcesModule;
  anon = t.anonymous();
  editor = await t.signInAs('editor', { email: 'spending-editor@test.openpcc.test', name: 'Spen Editor' });
});
afterAll(async () => {
  await t?.close();
});

describe('spending over £500', () => {
  it('refuses a file with problems, with line and column, and imports nothing', async () => {
    const before = (await resources.service.listSpending()).length;
    const res = await editor.submit('/admin/resources/spending/import', { content: fixture('spending-invalid.csv') });
    expect(res.statusCode).toBe(400);
    const text = textOf(res.body);
    expect(text).toContain('The file has 3 problems; nothing was imported');
    expect(text).toMatch(/3 2 \(paid_on\) Enter the date paid/);
    expect((await resources.service.listSpending()).length).toBe(before);
  });
  it('imports a valid file, and a re-import updates without duplicates', async () => {
    const first = await editor.submit('/admin/resources/spending/import', { content: fixture('spending-valid.csv') });
    expect(first.statusCode).toBe(303);
    const count = (await resources.service.listSpending()).length;
    await editor.submit('/admin/resources/spending/import', { content: fixture('spending-valid.csv').replace('610.50', '620.00') });
    const after = await resources.service.listSpending();
    expect(after.length).toBe(count);
    expect(after.find((s) => s.reference === 'TX-1003')!.amountPence).toBe(62_000);
    const csv = (await anon.get('/resources/spending.csv')).body;
    expect(csv).toContain('TX-1001,2025-04-03,Acme Victim Support Ltd,"Victim support services, April",Commissioned services,12500.00');
    const api = JSON.parse((await anon.get('/api/v1/resources/spending')).body);
    expect(api.data.every((s: { amountPence: number }) => s.amountPence >= 50_000)).toBe(true);
  });
  it('never removes spending lines: a header-only file or a shorter one leaves the lines it does not name', async () => {
    // Issue 13 "imports never delete by accident": this import only adds and updates by reference,
    // so unlike the police.uk import it needs no confirmation (--replace) to be safe.
    const before = await resources.service.listSpending();
    expect(before.length).toBeGreaterThan(2);
    const header = fixture('spending-valid.csv').split('\n')[0];
    expect((await editor.submit('/admin/resources/spending/import', { content: `${header}\n` })).statusCode).toBe(303);
    expect(await resources.service.listSpending()).toHaveLength(before.length);
    const one = fixture('spending-valid.csv').split('\n').slice(0, 2).join('\n');
    expect((await editor.submit('/admin/resources/spending/import', { content: `${one}\n` })).statusCode).toBe(303);
    expect((await resources.service.listSpending()).map((s) => s.reference).sort()).toEqual(before.map((s) => s.reference).sort());
  });
  it('imports an uploaded CSV file with the same all-or-nothing parser, naming the file and the lines of its problems', async () => {
    const before = (await resources.service.listSpending()).length;
    const bad = await editor.upload('/admin/resources/spending/import', {}, [
      { field: 'file', filename: 'april.csv', content: fixture('spending-invalid.csv'), type: 'text/csv' },
    ]);
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('There is a problem april.csv was refused: The file has 3 problems; nothing was imported');
    expect(text).toMatch(/3 2 \(paid_on\) Enter the date paid/);
    expect(text).toMatch(/5 1 \(reference\) The reference TX-2001 is already on line 2/);
    expect((await resources.service.listSpending()).length).toBe(before);

    const csv = 'reference,paid_on,supplier,description,category,amount\nUP-1,2025-05-01,Upload Supplier,Uploaded line,Commissioned services,"1,234.56"\n';
    const ok = await editor.upload('/admin/resources/spending/import', { content: 'ignored when a file is chosen' }, [
      { field: 'file', filename: 'may.csv', content: `\uFEFF${csv}`, type: 'text/csv' },
    ]);
    expect(ok.statusCode).toBe(303);
    expect(textOf((await editor.get('/admin/resources/spending')).body)).toContain('Spending imported from may.csv: 1 new, 0 updated');
    expect((await resources.service.listSpending()).find((s) => s.reference === 'UP-1')!.amountPence).toBe(123_456);
    expect(
      (await editor.upload('/admin/resources/spending/import', {}, [{ field: 'file', filename: 'may.csv', content: csv, type: 'text/csv' }])).statusCode,
    ).toBe(303);
    expect((await resources.service.listSpending()).filter((s) => s.reference === 'UP-1')).toHaveLength(1);

    // Pasted text through the same multipart form; nothing at all is an error on the file field.
    expect((await editor.upload('/admin/resources/spending/import', { content: csv.replace('UP-1', 'UP-2') }, [])).statusCode).toBe(303);
    const none = await editor.upload('/admin/resources/spending/import', { content: '' }, []);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('href="#file"');
    expect(textOf(none.body)).toContain('Choose a CSV file, or paste the CSV file’s contents');
    const analyst = await t.signInAs('analyst');
    expect((await analyst.upload('/admin/resources/spending/import', {}, [{ field: 'file', filename: 'x.csv', content: csv }])).statusCode).toBe(403);
    const audit = await listAudit(t.db.db, { entityType: 'spending' });
    expect(audit.rows.some((r) => (r.summary ?? '').startsWith('Imported 1 spending lines'))).toBe(true);
  });
  it('is in the API description under the resources tag', async () => {
    const spec = JSON.parse((await anon.get('/api/v1/openapi.json')).body);
    for (const p of ['/api/v1/resources/spending', '/api/v1/resources/contracts', '/api/v1/resources/grants'])
      expect(spec.paths[p].get.tags).toEqual(['resources']);
  });
});
