// docx and pdfkit are loaded when a document is built, not when the CLI or server starts.
import type { Paragraph, Table } from 'docx';
import type { AreaSettings } from '../../platform/settings.js';
import { CATEGORY_LABELS, financePresenter, workforcePresenter } from './presenters/resourcesPresenters.js';
import type { FinanceLine, WorkforceFigure, WorkforceTarget } from './financeRepository.js';

type Targets = (WorkforceTarget & { commitment?: { planReference: string; planTitle: string; reference: string; title: string } })[];

/** The content of the financial summary, shared by the Word and PDF versions. */
export function financeSummary(area: AreaSettings, lines: FinanceLine[], figures: WorkforceFigure[], targets: Targets) {
  const f = financePresenter(lines);
  const w = workforcePresenter(figures, targets);
  return {
    title: `${area.bodyName}: financial and workforce summary`,
    funding: { head: ['Financial year', 'Funding forecast'], rows: f.totals.map((t) => [t.year, t.forecastFull || '–']) },
    lines: f.byYear.flatMap((y) => [...y.funding, ...y.spending].map((l) => [y.year, l.label, l.forecast || '–', l.actual || '–', l.note])),
    workforce: w.sections.map((s) => ({
      title: `${s.label} (FTE)`,
      head: ['Financial year', 'Actual', 'Plan'],
      rows: s.rows.map((r) => [r.year, r.actual || '–', r.plan || '–']),
      targets: s.targets.map((t) => t.line + (t.commitment ? ` (serves: ${t.commitment.text})` : '')),
    })),
    categories: CATEGORY_LABELS,
  };
}

type Docx = typeof import('docx');

function docxTable({ Paragraph, Table, TableCell, TableRow, TextRun, WidthType }: Docx, head: string[], rows: string[][]) {
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

export async function financeSummaryDocx(area: AreaSettings, lines: FinanceLine[], figures: WorkforceFigure[], targets: Targets): Promise<Buffer> {
  const docx = await import('docx');
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph } = docx;
  const s = financeSummary(area, lines, figures, targets);
  const children: (Paragraph | Table)[] = [new Paragraph({ text: s.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.LEFT })];
  children.push(new Paragraph({ text: 'Funding forecast', heading: HeadingLevel.HEADING_1 }), docxTable(docx, s.funding.head, s.funding.rows));
  if (s.lines.length)
    children.push(
      new Paragraph({ text: 'Lines of the financial plan', heading: HeadingLevel.HEADING_1 }),
      docxTable(docx, ['Year', 'Line', 'Forecast', 'Actual', 'Note'], s.lines),
    );
  children.push(new Paragraph({ text: 'Workforce', heading: HeadingLevel.HEADING_1 }));
  for (const w of s.workforce) {
    children.push(new Paragraph({ text: w.title, heading: HeadingLevel.HEADING_2 }));
    if (w.rows.length) children.push(docxTable(docx, w.head, w.rows));
    for (const t of w.targets) children.push(new Paragraph({ text: t }));
  }
  return Packer.toBuffer(new Document({ creator: 'OpenPCC', title: s.title, sections: [{ children }] }));
}

export async function financeSummaryPdf(area: AreaSettings, lines: FinanceLine[], figures: WorkforceFigure[], targets: Targets): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const s = financeSummary(area, lines, figures, targets);
  // Cast: pdfkit's option types omit `lang` and `tagged`, which make the PDF accessible (tagged, in English).
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: s.title, Author: area.bodyName },
    lang: 'en-GB',
    tagged: true,
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const table = (head: string[], rows: string[][]) => {
    doc.font('Helvetica-Bold').fontSize(10).text(head.join('   |   '));
    doc.font('Helvetica');
    for (const r of rows) doc.text(r.filter(Boolean).join('   |   '));
    doc.moveDown();
  };
  doc.font('Helvetica-Bold').fontSize(18).text(s.title).moveDown();
  doc.fontSize(14).text('Funding forecast').moveDown(0.3);
  table(s.funding.head, s.funding.rows);
  if (s.lines.length) {
    doc.font('Helvetica-Bold').fontSize(14).text('Lines of the financial plan').moveDown(0.3);
    table(['Year', 'Line', 'Forecast', 'Actual', 'Note'], s.lines);
  }
  doc.font('Helvetica-Bold').fontSize(14).text('Workforce').moveDown(0.3);
  for (const w of s.workforce) {
    doc.font('Helvetica-Bold').fontSize(12).text(w.title);
    if (w.rows.length) table(w.head, w.rows);
    doc.font('Helvetica').fontSize(10);
    for (const t of w.targets) doc.text(t);
    doc.moveDown();
  }
  doc.end();
  return finished;
}
