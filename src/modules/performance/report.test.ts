import { describe, expect, it } from 'vitest';
import { unzipText } from '../plans/export/readDocx.js';
import { layoutLineChart } from '../../platform/charts/line.js';
import type { ReportPage } from './presenters/report.js';
import { pdfText, reportDocx, reportPdf } from './report.js';

const page: ReportPage = {
  title: 'Performance report: January to March 2025',
  quarterLabel: 'January to March 2025',
  bodyName: 'Test OPCC',
  planTitle: 'Plan',
  summary: { green: 1, amber: 0, red: 0, grey: 0, neutral: 0 },
  items: [
    {
      reference: 'm1',
      name: 'Burglary <b>',
      priority: 'P1: Reduce crime',
      basis: 'crimes (a count)',
      latest: '40 (March 2025)',
      target: 'Aim: lower',
      rag: { text: 'Green', classes: '' },
      ragLabel: 'Significantly better',
      significance: 'significantly lower than the same 12 months last year',
      pText: 'p < 0.001',
      method: 'Exact two-sided test, α = 0.05',
      commentary: 'Fewer burglaries.',
      commentaryBy: 'analyst, January to March 2025',
      chartSvg: '<svg></svg>',
      chart: {
        layout: layoutLineChart({
          title: 'Burglary',
          period: 'January to March 2025',
          description: 'd',
          xLabel: 'Month',
          labels: ['Jan 2025', 'Feb 2025', 'Mar 2025'],
          series: [{ name: 'Burglary', values: [50, 45, 40] }],
          rules: [{ label: 'Target', value: 42 }],
          yLabel: 'crimes',
        }),
        name: 'Burglary, January to March 2025',
        description: 'd',
      },
      recent: [{ period: 'March 2025', value: '40' }],
      recentRows: [],
      values: [50, 45, 40],
      rules: [{ label: 'Target', value: 42 }],
      isDemo: false,
    },
  ],
};

describe('report documents', () => {
  it('makes a Word document (the chart as SVG) and a PDF whose chart is drawn as vector shapes with its dates and values', async () => {
    const docx = await reportDocx(page);
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const media = [...(await unzipText(docx)).keys()].filter((k) => k.startsWith('word/media/'));
    expect(media.some((k) => k.endsWith('.svg'))).toBe(true);
    const pdf = await reportPdf({ ...page, items: page.items.map((i) => ({ ...i, values: [] })) });
    const withChart = await reportPdf(page);
    expect(withChart.subarray(0, 5).toString()).toBe('%PDF-');
    // No image in the PDF: the chart is paths and text.
    expect(withChart.includes('/Subtype /Image')).toBe(false);
    expect(withChart.length).toBeGreaterThan(pdf.length);
  });
  it('spells out characters the PDF fonts lack', () => {
    expect(pdfText('α = 0.05, σ 3, √mean')).toBe('alpha = 0.05, sigma 3, square root of mean');
  });
});
