import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixtureTree } from '../presenters/publicFixtures.js';
import { pdfFileName, planPdfBuffer } from './planPdf.js';

const ctx = {
  bodyName: 'Office of the Police and Crime Commissioner for Somewhere',
  areaName: 'Somewhere',
  scrutinyBodyName: 'Somewhere Police and Crime Panel',
};

/** The text drawn on the pages: every content stream inflated, its strings decoded (WinAnsi). */
function drawnText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let out = '';
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body: string;
    try {
      body = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const t of body.matchAll(/\[(.*?)\]\s*TJ/g)) {
      out += [...t[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join('');
      out += '\n';
    }
  }
  return out;
}

/** The document catalog and info, as written (uncompressed objects). */
const objects = (pdf: Buffer) => pdf.toString('latin1');

describe('planPdfBuffer', () => {
  it('is a tagged PDF with its language, a shown title and a structure tree', async () => {
    const pdf = await planPdfBuffer(fixtureTree({ documentTitle: 'Police Crime and Victims Plan 2020 to 2023' }), ctx);
    const text = objects(pdf);
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    const catalog = /\d+ 0 obj\s*<<\s*\/Type \/Catalog[\s\S]*?endobj/.exec(text)?.[0] ?? '';
    const object = (key: string) => {
      const n = new RegExp(`/${key} (\\d+) 0 R`).exec(catalog)?.[1];
      return new RegExp(`(?:^|\\n)${n} 0 obj([\\s\\S]*?)endobj`).exec(text)?.[1] ?? '';
    };
    expect(catalog).toContain('/Lang (en-GB)');
    expect(object('MarkInfo')).toContain('/Marked true');
    expect(object('StructTreeRoot')).toContain('/Type /StructTreeRoot');
    expect(object('ViewerPreferences')).toContain('/DisplayDocTitle true');
    const titleRef = /\/Title (\d+) 0 R/.exec(text)?.[1];
    expect(text).toContain(`\n${titleRef} 0 obj\n(Police Crime and Victims Plan 2020 to 2023)\nendobj`);
    for (const tag of ['/H1', '/H2', '/H3', '/P', '/L', '/LI', '/Table', '/TR', '/TH', '/TD']) expect(text).toContain(`/S ${tag}`);
  });

  it('has the same content as the Word document: every priority, commitment and the version facts, as text', async () => {
    const tree = fixtureTree({
      commissionerName: 'Jo Bloggs',
      commissionerTitle: "Police, Crime and Victims' Commissioner",
      publishedOn: '2020-04',
      panelReviewOn: '2020-02-11',
    });
    const text = drawnText(await planPdfBuffer(tree, ctx)).replace(/\s+/g, '');
    const has = (s: string) => expect(text).toContain(s.replace(/\s+/g, ''));
    has('Objective 1: Cut burglary');
    has('Objective 2: Support victims');
    has('Visit every ward');
    has('Answer every call');
    has('Made by: Jo Bloggs, Police, Crime and Victims\u2019 Commissioner'.replace('\u2019', "'"));
    has('Reviewed by the Somewhere Police and Crime Panel: 11 February 2020');
    has('Published: April 2020');
    has('Key areas of focus');
    has('Early intervention');
    has('Reduce neighbourhood crime');
    has('Burglaries recorded');
  });

  it('makes a safe file name', () => {
    expect(pdfFileName('a b/"c')).toBe('a-b-c.pdf');
  });
});
