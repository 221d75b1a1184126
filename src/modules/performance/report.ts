/**
 * The quarterly performance report as Word (docx) and PDF (pdfkit). Each chart is the page's own
 * chart layout (title and period, labelled axes, dates, values): vector shapes in the PDF, SVG in
 * Word (with a small PNG for readers that cannot show SVG), each followed by its figures.
 */
import { deflateSync } from 'node:zlib';
// docx and pdfkit are loaded when a document is built, not when the CLI or server starts.
import type { Paragraph, Table } from 'docx';
import { svgOf } from './charts.js';
import { textWidth, type ChartLayout } from './chartLayout.js';
import type { ReportPage } from './presenters/report.js';

// ---- PNG line chart ------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf: Buffer) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A line chart as a PNG: light grid, the series in blue, reference lines (e.g. target) dashed. */
export function pngLineChart(values: number[], rules: { value: number }[] = [], width = 600, height = 200): Buffer {
  const px = Buffer.alloc(width * height * 3, 255);
  const set = (x: number, y: number, [r, g, b]: number[]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (Math.round(y) * width + Math.round(x)) * 3;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
  };
  const line = (x0: number, y0: number, x1: number, y1: number, colour: number[], thick = 1, dash = 0) => {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let s = 0; s <= steps; s++) {
      if (dash && Math.floor(s / dash) % 2) continue;
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      for (let dx = -Math.floor(thick / 2); dx <= Math.floor(thick / 2); dx++)
        for (let dy = -Math.floor(thick / 2); dy <= Math.floor(thick / 2); dy++) set(x + dx, y + dy, colour);
    }
  };
  const m = 10;
  const max = Math.max(1e-9, ...values, ...rules.map((r) => r.value)) * 1.1;
  const x = (i: number) => m + (values.length <= 1 ? (width - 2 * m) / 2 : (i / (values.length - 1)) * (width - 2 * m));
  const y = (v: number) => height - m - (v / max) * (height - 2 * m);
  for (let k = 0; k <= 4; k++) line(m, y((max / 4) * k), width - m, y((max / 4) * k), [210, 210, 210]);
  for (const r of rules) line(m, y(r.value), width - m, y(r.value), [80, 90, 95], 1, 6);
  for (let i = 1; i < values.length; i++) line(x(i - 1), y(values[i - 1]), x(i), y(values[i]), [29, 112, 184], 3);
  for (let i = 0; i < values.length; i++)
    for (let dx = -3; dx <= 3; dx++) for (let dy = -3; dy <= 3; dy++) if (dx * dx + dy * dy <= 9) set(x(i) + dx, y(values[i]) + dy, [29, 112, 184]);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let row = 0; row < height; row++) {
    raw[row * (width * 3 + 1)] = 0;
    px.copy(raw, row * (width * 3 + 1) + 1, row * width * 3, (row + 1) * width * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chartCaption(item: ReportPage['items'][number]) {
  const min = Math.min(...item.values);
  const max = Math.max(...item.values);
  return `Trend of ${item.name}: ${item.values.length} figures from ${min.toLocaleString('en-GB', { maximumFractionDigits: 2 })} to ${max.toLocaleString('en-GB', { maximumFractionDigits: 2 })}${item.rules.length ? '; dashed line: target' : ''}.`;
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
    if (item.values.length) {
      const svg = item.chart ? svgOf(item.chart.layout, item.chart.title, item.chart.description) : '';
      const size = item.chart ? { width: 600, height: Math.round((600 * item.chart.layout.height) / item.chart.layout.width) } : { width: 600, height: 200 };
      const png = { type: 'png' as const, data: pngLineChart(item.values, item.rules), transformation: size };
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [
            new ImageRun({
              ...(svg ? { type: 'svg' as const, data: Buffer.from(svg), fallback: png } : png),
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

/** Draws a chart layout as vector shapes and text at (x, y), `width` points wide; moves below it. */
export function drawLayout(doc: PDFKit.PDFDocument, L: ChartLayout, x: number, y: number, width: number) {
  const k = width / L.width;
  const X = (v: number) => x + v * k;
  const Y = (v: number) => y + v * k;
  doc.save();
  for (const l of L.lines) {
    doc
      .moveTo(X(l.x1), Y(l.y1))
      .lineTo(X(l.x2), Y(l.y2))
      .lineWidth(l.width * k);
    if (l.dashed) doc.dash(4 * k, { space: 3 * k });
    doc.stroke(l.colour).undash();
  }
  for (const r of L.rects) if (r.w > 0) doc.rect(X(r.x), Y(r.y), r.w * k, r.h * k).fill(r.colour);
  for (const p of L.polylines) {
    doc.moveTo(X(p.points[0][0]), Y(p.points[0][1]));
    for (const [px, py] of p.points.slice(1)) doc.lineTo(X(px), Y(py));
    doc.lineWidth(2.5 * k).stroke(p.colour);
  }
  for (const c of L.circles) doc.circle(X(c.x), Y(c.y), c.r * k).fill(c.colour);
  doc.fillColor('#0b0c0c');
  for (const t of L.texts) {
    if (!t.text) continue;
    const size = t.size * k;
    const w = textWidth(t.text, t.size) * k + 4;
    const left = t.anchor === 'start' ? X(t.x) : t.anchor === 'middle' ? X(t.x) - w / 2 : X(t.x) - w;
    doc.font(t.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
    if (t.rotate) {
      doc.save().rotate(-90, { origin: [X(t.x), Y(t.y)] });
      doc.text(pdfText(t.text), X(t.x) - w / 2, Y(t.y) - size * 0.8, { width: w, align: 'center', lineBreak: false });
      doc.restore();
    } else {
      doc.text(pdfText(t.text), left, Y(t.y) - size * 0.8, {
        width: w,
        align: t.anchor === 'start' ? 'left' : t.anchor === 'middle' ? 'center' : 'right',
        lineBreak: false,
      });
    }
  }
  doc.restore();
  doc.font('Helvetica').fontSize(10).fillColor('black');
  doc.x = x;
  doc.y = y + L.height * k + 4;
}

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
        if (item.chart) drawLayout(doc, item.chart.layout, doc.page.margins.left, doc.y, 495);
        doc
          .fontSize(9)
          .fillColor('#505a5f')
          .text(pdfText(chartCaption(item)))
          .fillColor('black');
        doc.text(pdfText(`Latest figures: ${item.recent.map((r) => `${r.period} ${r.value}`).join('; ')}`));
      }
    }
    doc.end();
  });
}
