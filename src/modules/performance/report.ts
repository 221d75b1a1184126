/**
 * The quarterly performance report as Word (docx) and PDF (pdfkit). Each chart is the page's own
 * chart layout (title and period, labelled axes, dates, values): vector shapes in the PDF, SVG in
 * Word (with a small PNG for readers that cannot show SVG), each followed by its figures.
 */
// docx and pdfkit are loaded when a document is built, not when the CLI or server starts.
import type { Paragraph, Table } from 'docx';
import { drawFiguresTable, drawLayout } from '../../platform/charts/pdf.js';
import { pngOfLayout } from '../../platform/charts/png.js';
import { svgOf } from '../../platform/charts/svg.js';
import type { ReportPage } from './presenters/report.js';

function chartCaption(item: ReportPage['items'][number]) {
  const min = Math.min(...item.values);
  const max = Math.max(...item.values);
  return `Trend of ${item.name}: ${item.values.length} figures from ${min.toLocaleString('en-GB', { maximumFractionDigits: 2 })} to ${max.toLocaleString('en-GB', { maximumFractionDigits: 2 })}${item.rules.length ? '; the solid line labelled Target marks the target' : ''}.`;
}

// ---- Word -------------------------------------------------------------------------------------

export async function reportDocx(page: ReportPage): Promise<Buffer> {
  const { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: page.title, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: `${page.bodyName}${page.planTitle ? ` — ${page.planTitle}` : ''}` }),
    new Paragraph({
      text: `Summary: ${page.summary.green} green, ${page.summary.amber} amber, ${page.summary.red} red, ${page.summary.grey} not assessed${page.summary.neutral ? `, ${page.summary.neutral} changing with no better or worse direction` : ''}. Changes are tested with the exact test for the ratio of two Poisson rates at the 5% level.`,
    }),
  ];
  for (const item of page.items) {
    children.push(new Paragraph({ text: item.name, heading: HeadingLevel.HEADING_2 }));
    if (item.priority) children.push(new Paragraph({ text: item.priority, style: 'Subtitle' }));
    const rows: [string, string][] = [
      ['Latest figure', item.latest],
      ['What the figure is', item.basis],
      ['Target', item.target],
      ['Status', `${item.rag.text}: ${item.ragLabel}`],
      ['Significance', `${item.significance}${item.pText ? ` (${item.pText})` : ''}`],
      ['Method', item.method || '–'],
      ['Commentary', item.commentary ? `${item.commentary} (${item.commentaryBy})` : 'No commentary for this quarter'],
    ];
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: rows.map(
          ([k, v]) =>
            new TableRow({
              children: [
                new TableCell({
                  width: { size: 25, type: WidthType.PERCENTAGE },
                  children: [new Paragraph({ children: [new TextRun({ text: k, bold: true })] })],
                }),
                new TableCell({ children: v.split(/\n+/).map((t) => new Paragraph(t)) }),
              ],
            }),
        ),
      }),
    );
    if (item.values.length && item.chart) {
      const size = { width: 600, height: Math.round((600 * item.chart.layout.height) / item.chart.layout.width) };
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [
            new ImageRun({
              type: 'svg',
              data: Buffer.from(svgOf(item.chart.layout, item.chart.name, item.chart.description)),
              fallback: { type: 'png', data: pngOfLayout(item.chart.layout, 600) },
              transformation: size,
              altText: { title: `Trend of ${item.name}`, description: chartCaption(item), name: item.reference },
            }),
          ],
        }),
      );
      children.push(new Paragraph({ text: chartCaption(item), style: 'Caption' }));
      children.push(
        new Table({
          rows: [
            new TableRow({
              tableHeader: true,
              children: [
                new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: 'Period', bold: true })] })] }),
                new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: 'Figure', bold: true })] })] }),
              ],
            }),
            ...item.recent.map(
              (r) =>
                new TableRow({
                  children: [
                    new TableCell({ children: [new Paragraph(r.period)] }),
                    new TableCell({ children: [new Paragraph({ text: r.value, alignment: AlignmentType.RIGHT })] }),
                  ],
                }),
            ),
          ],
        }),
      );
    }
  }
  const doc = new Document({ creator: 'OpenPCC', title: page.title, sections: [{ children }] });
  return Packer.toBuffer(doc);
}

// ---- PDF --------------------------------------------------------------------------------------

/** The PDF's standard fonts have no Greek letters or root sign: spell them out. */
export function pdfText(s: string): string {
  return s.replace(/α/g, 'alpha').replace(/σ/g, 'sigma').replace(/√/g, 'square root of ').replace(/≤/g, '<=').replace(/≥/g, '>=');
}

export async function reportPdf(page: ReportPage): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: page.title, Author: page.bodyName },
      pdfVersion: '1.7',
      tagged: true,
      lang: 'en-GB',
      displayTitle: true,
    });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(20).text(page.title);
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(`${page.bodyName}${page.planTitle ? ` — ${page.planTitle}` : ''}`);
    doc
      .moveDown(0.5)
      .text(
        `Summary: ${page.summary.green} green, ${page.summary.amber} amber, ${page.summary.red} red, ${page.summary.grey} not assessed${page.summary.neutral ? `, ${page.summary.neutral} changing with no better or worse direction` : ''}. Changes are tested with the exact test for the ratio of two Poisson rates at the 5% level.`,
      );
    for (const item of page.items) {
      if (doc.y > 560) doc.addPage();
      doc.moveDown(1).font('Helvetica-Bold').fontSize(14).text(pdfText(item.name));
      doc.font('Helvetica').fontSize(10);
      if (item.priority) doc.fillColor('#505a5f').text(pdfText(item.priority)).fillColor('black');
      const line = (k: string, v: string) => doc.font('Helvetica-Bold').text(`${k}: `, { continued: true }).font('Helvetica').text(pdfText(v));
      line('Latest figure', item.latest);
      line('What the figure is', item.basis);
      line('Target', item.target);
      line('Status', `${item.rag.text}: ${item.ragLabel}`);
      line('Significance', `${item.significance}${item.pText ? ` (${item.pText})` : ''}`);
      if (item.method) line('Method', item.method);
      line('Commentary', item.commentary ? `${item.commentary} (${item.commentaryBy})` : 'No commentary for this quarter');
      if (item.values.length) {
        const h = item.chart ? (495 * item.chart.layout.height) / item.chart.layout.width : 0;
        if (doc.y + h > 780) doc.addPage();
        doc.moveDown(0.5);
        if (item.chart) drawLayout(doc, item.chart.layout, doc.page.margins.left, doc.y, 495, pdfText);
        doc
          .fontSize(9)
          .fillColor('#505a5f')
          .text(pdfText(chartCaption(item)))
          .fillColor('black');
        drawFiguresTable(
          doc,
          ['Period', 'Figure'],
          item.recent.map((r) => [r.period, r.value]),
          doc.page.margins.left,
          240,
          pdfText,
        );
      }
    }
    doc.end();
  });
}
