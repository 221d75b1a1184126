import { describe, expect, it } from 'vitest';
import { fixtureTree } from '../presenters/publicFixtures.js';
import { docxFileName, planDocxBuffer } from './planDocx.js';
import { documentText, unzipText } from './readDocx.js';

const ctx = { bodyName: 'Office of the Police and Crime Commissioner for Somewhere', areaName: 'Somewhere' };

describe('planDocxBuffer', () => {
  it('is a Word document with the title page, numbered priorities, commitments and both tables', async () => {
    const files = await unzipText(await planDocxBuffer(fixtureTree(), ctx));
    expect(files.has('word/document.xml')).toBe(true);
    expect(files.has('word/numbering.xml')).toBe(true);
    const xml = files.get('word/document.xml')!;
    const text = documentText(xml);
    expect(text).toContain(ctx.bodyName);
    expect(text).toContain('Police and Crime Plan 2020–2023');
    expect(text).toContain('Safe & <strong> communities'); // escaped in the XML, intact as text
    expect(xml).not.toContain('<strong>');
    expect(text).toContain('Objective 1: Cut burglary');
    expect(text).toContain('Objective 2: Support victims');
    expect(text.indexOf('Visit every ward')).toBeGreaterThan(text.indexOf('Objective 1: Cut burglary'));
    expect(text.indexOf('Answer every call')).toBeGreaterThan(text.indexOf('Visit every ward'));
    expect(text).toContain('Within a day.');
    expect(text).toMatch(/Force priority[\s\S]*Areas of focus[\s\S]*Lead/);
    expect(text).toContain('ACC Operations');
    expect(text).toContain('House burglary');
    expect(text).toContain('Burglaries recorded');
    expect(text).toContain('Finance');
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBe(2);
    // Commitments are a numbered list (w:numPr), not typed numbers.
    expect(xml).toMatch(/<w:numPr>[\s\S]*?<\/w:numPr>[\s\S]*?Visit every ward/);
    expect(text).not.toContain('DRAFT');
  });

  it('marks a plan that is not published as a draft on its title page', async () => {
    const files = await unzipText(await planDocxBuffer(fixtureTree({ status: 'panel-review' }), { ...ctx, generatedAt: new Date('2026-01-02T10:00:00Z') }));
    expect(documentText(files.get('word/document.xml')!)).toContain('DRAFT — not published. This is a working copy exported on 2026-01-02');
  });

  it('leaves out tables the plan has nothing for', async () => {
    const tree = fixtureTree();
    for (const p of tree.priorities) {
      p.forcePriorities = [];
      p.measures = [];
    }
    const xml = (await unzipText(await planDocxBuffer(tree, ctx))).get('word/document.xml')!;
    expect(xml).not.toContain('<w:tbl>');
  });

  it('makes a safe file name from the reference', () => {
    expect(docxFileName('cleveland-2024-29')).toBe('cleveland-2024-29.docx');
    expect(docxFileName('a b/"c')).toBe('a-b-c.docx');
  });
});

describe('planDocxBuffer: plurals and the version’s facts', () => {
  it('makes plurals properly and names the plan’s own facts and the version it refreshes', async () => {
    const tree = fixtureTree({
      priorityLabel: 'Priority',
      documentTitle: "Police, Crime and Victims' Plan 2020–2023",
      commissionerName: 'Jo Bloggs',
      commissionerTitle: 'Police and Crime Commissioner',
      publishedOn: '2020-04-02',
    });
    const lineage = {
      refreshes: {
        reference: 'a-v1',
        title: 'Police and Crime Plan 2020–2023',
        term: '2020–2023',
        href: '/plans/a-v1',
        version: 'version 1, superseded, published April 2019',
      },
    };
    const files = await unzipText(await planDocxBuffer(tree, { ...ctx, lineage }));
    const text = documentText(files.get('word/document.xml')!);
    expect(text).toContain('Priorities');
    expect(text).not.toContain('Prioritys');
    expect(text).toContain("Police, Crime and Victims' Plan 2020–2023");
    expect(text).toContain('Made by: Jo Bloggs, Police and Crime Commissioner.');
    expect(text).toContain('Published: 2 April 2020.');
    expect(text).toContain('This version refreshes Police and Crime Plan 2020–2023 (version 1, superseded, published April 2019).');
    expect(files.get('docProps/core.xml')).toContain('Police, Crime and Victims&apos; Plan 2020–2023');
  });

  it('ends each fact with one full stop, even when its text ends a sentence already', async () => {
    const tree = fixtureTree({ consultationOpens: '2021-07-01', consultationCloses: '2021-08-31', consultationExtension: 'Extended by two weeks.' });
    const text = documentText((await unzipText(await planDocxBuffer(tree, ctx))).get('word/document.xml')!);
    expect(text).toContain('Public consultation: 1 July 2021 to 31 August 2021. Extended by two weeks.');
    expect(text).not.toContain('weeks..');
  });
});
