import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { layoutColumnChart } from './bar.js';
import { layoutLineChart } from './line.js';
import { drawFiguresTable, drawLayout } from './pdf.js';
import { pngOfLayout } from './png.js';

const layout = layoutLineChart({
  title: 'Burglary',
  period: 'January to March 2025',
  description: 'd',
  labels: ['Jan 2025', 'Feb 2025', 'Mar 2025'],
  series: [{ name: 'Burglary', values: [50, 45, 40] }],
  rules: [{ label: 'Target', value: 42, dashed: true }],
  xLabel: 'Month',
  yLabel: 'Crimes',
});

function pixels(png: Buffer) {
  const idat = png.indexOf('IDAT');
  return inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
}

describe('chart layouts in documents', () => {
  it('rasterise to a valid PNG of the layout’s shape, with the series’ colour in it', () => {
    const png = pngOfLayout(layout, 300);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(300);
    const height = png.readUInt32BE(20);
    expect(height).toBe(Math.round((layout.height * 300) / layout.width));
    const raw = pixels(png);
    expect(raw.length).toBe((300 * 3 + 1) * height);
    expect(raw.includes(Buffer.from([0x1d, 0x70, 0xb8]))).toBe(true);
    const bars = layoutColumnChart({
      title: 't',
      period: 'p',
      description: 'd',
      categories: ['a'],
      series: [{ name: 's', values: [-3], colour: '#d4351c' }],
      xLabel: 'x',
      yLabel: 'y',
    });
    expect(pixels(pngOfLayout(bars, 100)).includes(Buffer.from([0xd4, 0x35, 0x1c]))).toBe(true);
  });

  it('draw into a PDF as vector shapes and text, and move the cursor below the chart', async () => {
    const { default: PDFDocument } = await import('pdfkit');
    const doc = new PDFDocument({ size: 'A4', margin: 50, compress: false });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(parts))));
    drawLayout(doc, layout, 50, 100, 495);
    expect(doc.y).toBeCloseTo(100 + (layout.height * 495) / layout.width + 4, 5);
    doc.end();
    const pdf = (await done).toString('latin1');
    expect(pdf).not.toContain('/Subtype /Image');
    // One text object per label, one stroked segment per line mark (and more for the polyline).
    expect((pdf.match(/\nBT\n/g) ?? []).length).toBe(layout.texts.filter((t) => t.text).length);
    expect((pdf.match(/ l\n/g) ?? []).length).toBeGreaterThan(layout.lines.length);
  });

  it('put the figures behind a chart in a table under it, a text per cell', async () => {
    const { default: PDFDocument } = await import('pdfkit');
    const doc = new PDFDocument({ size: 'A4', margin: 50, compress: false });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(parts))));
    doc.y = 100;
    drawFiguresTable(
      doc,
      ['Period', 'Figure'],
      [
        ['January 2025', '50'],
        ['February 2025', '45'],
        ['March 2025', '40'],
      ],
      50,
      240,
    );
    expect(doc.y).toBeGreaterThan(100 + 4 * 13);
    doc.end();
    const pdf = (await done).toString('latin1');
    expect((pdf.match(/\nBT\n/g) ?? []).length).toBe(8);
  });
});
