/**
 * Draws a chart layout into a PDF (pdfkit) as vector shapes and text: the same marks as the SVG
 * the page shows, so the document's chart has the same title, period, axes and labels.
 */
import { pdfText } from '../pdfText.js';
import { textWidth, type Anchor } from './axes.js';
import type { ChartLayout } from './layout.js';

const ALIGN: Record<Anchor, 'left' | 'center' | 'right'> = { start: 'left', middle: 'center', end: 'right' };

/**
 * Draws `L` at (x, y), `width` points wide, and moves the document's cursor below it. `clean`
 * makes a text writable in the PDF's standard fonts.
 */
export function drawLayout(doc: PDFKit.PDFDocument, L: ChartLayout, x: number, y: number, width: number, clean: (s: string) => string = pdfText) {
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
  for (const r of L.rects) if (r.w > 0 && r.h > 0) doc.rect(X(r.x), Y(r.y), r.w * k, r.h * k).fill(r.colour);
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
    doc.text(clean(t.text), left, Y(t.y) - size * 0.8, { width: w, align: ALIGN[t.anchor], lineBreak: false });
  }
  doc.restore();
  doc.font('Helvetica').fontSize(10).fillColor('black');
  doc.x = x;
  doc.y = y + L.height * k + 4;
}

/**
 * The figures behind a chart as a table under it: a bold header row, then one row per figure, the
 * figures right-aligned; starts a new page first when the table would not fit.
 */
export function drawFiguresTable(
  doc: PDFKit.PDFDocument,
  head: [string, string],
  rows: [string, string][],
  x: number,
  width: number,
  clean: (s: string) => string = pdfText,
) {
  const rowH = 13;
  const [labelW, valueW] = [width * 0.6, width * 0.4];
  if (doc.y + (rows.length + 1) * rowH > doc.page.height - doc.page.margins.bottom) doc.addPage();
  let y = doc.y + 4;
  const row = (cells: [string, string], bold: boolean) => {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(9)
      .fillColor('#0b0c0c');
    doc.text(clean(cells[0]), x, y, { width: labelW - 6, lineBreak: false });
    doc.text(clean(cells[1]), x + labelW, y, { width: valueW, align: 'right', lineBreak: false });
    y += rowH;
    doc
      .moveTo(x, y - 2)
      .lineTo(x + width, y - 2)
      .lineWidth(bold ? 1 : 0.5)
      .stroke('#b1b4b6');
  };
  row(head, true);
  for (const r of rows) row(r, false);
  doc.font('Helvetica').fontSize(10).fillColor('black');
  doc.x = x;
  doc.y = y + 4;
}
