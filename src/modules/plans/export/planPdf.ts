// pdfkit is loaded when a PDF is built, not when the CLI or server starts.
import type PDFKit from 'pdfkit';
import { pdfText } from '../../../platform/pdfText.js';
import { termLabel } from '../presenters/planList.js';
import type { PlanTree } from '../plansRepository.js';
import type { TextBlock } from '../presenters/publicText.js';
import { planDocumentBlocks, type DocBlock, type PlanDocumentContext } from './planBlocks.js';

export const PDF_CONTENT_TYPE = 'application/pdf';

/** A safe file name for the plan's PDF. */
export function pdfFileName(reference: string) {
  return `${reference.replace(/[^\w.-]+/g, '-') || 'plan'}.pdf`;
}

const MARGIN = 56;

/**
 * The plan as an accessible PDF: tagged (a structure tree of headings, paragraphs, lists and
 * tables in reading order), with the document title shown as the window title and the language
 * set; text, never images of text. The same blocks as the Word document.
 */
export async function planPdfBuffer(tree: PlanTree, ctx: PlanDocumentContext): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const { title, blocks } = planDocumentBlocks(tree, ctx);
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      tagged: true,
      lang: 'en-GB',
      displayTitle: true,
      pdfVersion: '1.7',
      info: { Title: pdfText(title), Author: pdfText(ctx.bodyName), Subject: pdfText(`${title} (${termLabel(tree)})`) },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    try {
      const root = pdf.struct('Document');
      pdf.addStructure(root);
      for (const b of blocks) render(pdf, root, b);
      root.end();
      pdf.end();
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

type Doc = PDFKit.PDFDocument;
type Elem = PDFKit.PDFStructureElement;

const width = (pdf: Doc) => pdf.page.width - MARGIN * 2;

function paragraph(pdf: Doc, parent: Elem, text: string, o: { size?: number; bold?: boolean; type?: string } = {}) {
  pdf.font(o.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(o.size ?? 10.5);
  pdf.text(pdfText(text), MARGIN, pdf.y, { width: width(pdf), structParent: parent, structType: o.type ?? 'P' });
  pdf.moveDown(0.4);
}

function list(pdf: Doc, parent: Elem, items: string[], numbered: boolean) {
  if (!items.length) return;
  pdf.font('Helvetica').fontSize(10.5);
  pdf.list(items.map(pdfText), MARGIN, pdf.y, {
    width: width(pdf),
    listType: numbered ? 'numbered' : 'bullet',
    bulletRadius: 2,
    textIndent: 14,
    structParent: parent,
    structTypes: ['LI', 'Lbl', 'LBody'],
  });
  pdf.moveDown(0.4);
}

function textBlocks(pdf: Doc, parent: Elem, blocks: TextBlock[]) {
  for (const b of blocks) {
    if (b.type === 'paragraph') paragraph(pdf, parent, b.text);
    else {
      const l = pdf.struct('L');
      parent.add(l);
      list(pdf, l, b.items, b.type === 'numbered');
      l.end();
    }
  }
}

function table(pdf: Doc, parent: Elem, head: string[], rows: (string | string[])[][]) {
  const t = pdf.struct('Table');
  parent.add(t);
  const w = width(pdf);
  const colW = head.map(() => w / head.length);
  const row = (cells: (string | string[])[], header: boolean) => {
    if (pdf.y > pdf.page.height - 120) pdf.addPage();
    const tr = pdf.struct('TR');
    t.add(tr);
    const top = pdf.y;
    let x = MARGIN;
    let bottom = top;
    pdf.font(header ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    cells.forEach((c, i) => {
      const text = Array.isArray(c) ? c.join('\n') : c;
      pdf.text(pdfText(text || ' '), x, top, { width: colW[i] - 6, structParent: tr, structType: header ? 'TH' : 'TD' });
      bottom = Math.max(bottom, pdf.y);
      x += colW[i];
    });
    tr.end();
    pdf.x = MARGIN;
    pdf.y = bottom + 4;
  };
  row(head, true);
  for (const r of rows) row(r, false);
  t.end();
  pdf.moveDown(0.5);
}

function render(pdf: Doc, root: Elem, b: DocBlock) {
  switch (b.type) {
    case 'title':
      paragraph(pdf, root, b.text, { size: 22, bold: true, type: 'H1' });
      break;
    case 'line':
      paragraph(pdf, root, b.text, { bold: b.strong, size: b.strong ? 13 : 11 });
      break;
    case 'pageBreak':
      pdf.addPage();
      break;
    case 'heading':
      pdf.moveDown(0.4);
      // The title is the one H1: the plan's own headings sit below it.
      paragraph(pdf, root, b.text, { size: b.level === 1 ? 16 : b.level === 2 ? 13 : 11.5, bold: true, type: `H${b.level + 1}` });
      break;
    case 'text':
      textBlocks(pdf, root, b.blocks);
      break;
    case 'bullets':
    case 'numbered': {
      const l = pdf.struct('L');
      root.add(l);
      if (b.type === 'bullets') list(pdf, l, b.items, false);
      else {
        list(
          pdf,
          l,
          b.items.map((i) => i.text),
          true,
        );
        for (const i of b.items) textBlocks(pdf, l, i.detail);
      }
      l.end();
      break;
    }
    case 'table':
      paragraph(pdf, root, b.caption, { bold: true });
      table(pdf, root, b.head, b.rows);
      break;
  }
}
