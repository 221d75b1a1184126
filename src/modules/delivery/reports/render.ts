// docx and pdfkit are loaded when a document is built, not when the CLI or server starts.
import type { Paragraph, Table } from 'docx';
import type { ReportDocument } from './blocks.js';

/** A Word document (.docx) of the blocks. */
export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  const children: (Paragraph | Table)[] = [];
  for (const b of doc.blocks) {
    if (b.type === 'title') children.push(new Paragraph({ text: b.text, heading: HeadingLevel.TITLE }));
    else if (b.type === 'heading') children.push(new Paragraph({ text: b.text, heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 }));
    else if (b.type === 'paragraph') children.push(new Paragraph({ children: [new TextRun(b.text)] }));
    else if (b.type === 'bullets') for (const item of b.items) children.push(new Paragraph({ text: item, bullet: { level: 0 } }));
    else {
      children.push(new Paragraph({ children: [new TextRun({ text: b.caption, bold: true })] }));
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({
              tableHeader: true,
              children: b.head.map((h) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: h, bold: true })] })] })),
            }),
            ...b.rows.map(
              (r) =>
                new TableRow({
                  children: r.map(
                    (c, i) => new TableCell({ children: [new Paragraph({ text: c, alignment: i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT })] }),
                  ),
                }),
            ),
          ],
        }),
      );
    }
  }
  const d = new Document({
    title: doc.title,
    creator: doc.subtitle,
    description: doc.title,
    sections: [{ children }],
  });
  return Packer.toBuffer(d);
}

/** Characters the PDF standard fonts (WinAnsi) cannot show are replaced, never dropped silently. */
function pdfText(s: string): string {
  return s
    .replace(/[Σ]/g, 'Sum')
    .replace(/[×]/g, 'x')
    .replace(/[÷]/g, '/')
    .replace(/[^\x20-\x7E\u00A0-\u00FF\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u20AC\n]/g, '?');
}

/** A PDF of the blocks (A4, standard fonts, tagged title). */
export async function renderPdf(doc: ReportDocument): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 56, info: { Title: doc.title, Author: doc.subtitle }, displayTitle: true, lang: 'en-GB' });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    const width = pdf.page.width - 112;
    for (const b of doc.blocks) {
      if (b.type === 'title') pdf.font('Helvetica-Bold').fontSize(20).text(pdfText(b.text), { width }).moveDown(0.5);
      else if (b.type === 'heading')
        pdf
          .moveDown(0.5)
          .font('Helvetica-Bold')
          .fontSize(b.level === 1 ? 15 : 12)
          .text(pdfText(b.text), { width })
          .moveDown(0.3);
      else if (b.type === 'paragraph') pdf.font('Helvetica').fontSize(10.5).text(pdfText(b.text), { width }).moveDown(0.4);
      else if (b.type === 'bullets') {
        pdf.font('Helvetica').fontSize(10.5).list(b.items.map(pdfText), { width, bulletRadius: 2, textIndent: 12 }).moveDown(0.4);
      } else {
        pdf.font('Helvetica-Bold').fontSize(10.5).text(pdfText(b.caption), { width }).moveDown(0.2);
        const colW = [width * 0.4, ...b.head.slice(1).map(() => (width * 0.6) / (b.head.length - 1))];
        const row = (cells: string[], bold: boolean) => {
          const y = pdf.y;
          if (y > pdf.page.height - 100) pdf.addPage();
          const top = pdf.y;
          let x = 56;
          let bottom = top;
          pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
          cells.forEach((c, i) => {
            pdf.text(pdfText(c), x, top, { width: colW[i] - 4 });
            bottom = Math.max(bottom, pdf.y);
            x += colW[i];
          });
          pdf.x = 56;
          pdf.y = bottom + 3;
        };
        row(b.head, true);
        for (const r of b.rows) row(r, false);
        pdf.moveDown(0.5);
      }
    }
    pdf.end();
  });
}
