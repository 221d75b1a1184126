import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from './charts.js';
import { CHAR_WIDTH, layoutBarChart, layoutLineChart, spreadLabels, textBox, thinTicks } from './chartLayout.js';

type Box = [number, number, number, number];
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Boxes of the SVG's upright text elements, from their position, anchor, size and an estimated width. */
function svgTextBoxes(svg: string): { text: string; box: Box }[] {
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)]
    .filter(([, attrs]) => !attrs.includes('transform='))
    .map(([, attrs, text]) => {
      const num = (name: string) => Number(new RegExp(`${name}="([-\\d.]+)"`).exec(attrs)![1]);
      const anchor = (/text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start') as 'start' | 'middle' | 'end';
      const t = unescape(text);
      return { text: t, box: textBox({ x: num('x'), y: num('y'), size: num('font-size'), anchor, text: t }) };
    });
}

function overlaps(items: { text: string; box: Box }[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const [a, b] = [items[i].box, items[j].box];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) out.push(`"${items[i].text}" / "${items[j].text}"`);
    }
  }
  return out;
}

function inside(items: { text: string; box: Box }[], width: number, height: number) {
  return items.filter(({ box }) => box[0] < 0 || box[1] < 0 || box[2] > width || box[3] > height).map((i) => i.text);
}

const months = Array.from(
  { length: 36 },
  (_, i) =>
    `${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][i % 12]} ${2023 + Math.floor(i / 12)}`,
);
const longName = 'Violence against women and girls reported to the police (all categories)';

describe('chart labels never overlap', () => {
  it('a line chart with 36 long month labels, close reference lines and long series names', () => {
    const input = {
      title: `${longName}, January 2023 to December 2025, month by month against the year before`,
      description: 'd',
      labels: months,
      series: [
        { name: longName, values: months.map((_, i) => 100 + (i % 7)) },
        { name: `${longName} a year before`, values: months.map(() => 101) },
        { name: 'Third', values: months.map(() => 99) },
      ],
      rules: [
        { label: 'Usual high', value: 106 },
        { label: 'Target', value: 105.5 },
        { label: 'Average', value: 104 },
        { label: 'Usual low', value: 104.2, dashed: true },
      ],
      yLabel: 'Crimes per 1,000 people',
    };
    const svg = lineChart(input);
    const boxes = svgTextBoxes(svg);
    expect(overlaps(boxes)).toEqual([]);
    const L = layoutLineChart(input);
    expect(inside(boxes, L.width, L.height)).toEqual([]);
    // Thinned, but still more than a couple of dates, and the axes have titles.
    const shownMonths = boxes.filter((b) => months.includes(b.text));
    expect(shownMonths.length).toBeGreaterThan(3);
    expect(shownMonths.length).toBeLessThan(36);
    expect(svg).toContain('>Month</text>');
    expect(svg).toMatch(/transform="rotate\(-90[^>]*>Crimes per 1,000 people<\/text>/);
  });

  it('a bar chart with long category names and several series', () => {
    const input = {
      title: longName,
      description: 'd',
      categories: [longName, 'Burglary', `${longName} and more`, 'Anti-social behaviour'],
      series: [
        { name: 'April 2024 to March 2025', values: [123456, 2, 99999, 5] },
        { name: 'April 2023 to March 2024', values: [120000, 3, 100000, 0] },
        { name: longName, values: [1, 2, 3, 4] },
      ],
      valueLabel: 'Crimes',
    };
    const svg = barChart(input);
    const boxes = svgTextBoxes(svg);
    expect(overlaps(boxes)).toEqual([]);
    const L = layoutBarChart(input);
    expect(inside(boxes, L.width, L.height)).toEqual([]);
    expect(svg).toContain('>Crimes</text>');
  });

  it('a chart with one point, or none, still lays out', () => {
    const one = layoutLineChart({ title: 't', labels: ['March 2025'], series: [{ name: 'x', values: [3] }] });
    expect(one.circles).toHaveLength(1);
    expect(layoutBarChart({ title: 't', categories: [], series: [] }).rects).toEqual([]);
  });
});

describe('tick thinning and label spreading', () => {
  it('keeps the first label and steps by the widest label', () => {
    const labels = Array.from({ length: 24 }, () => 'Sep 2025');
    const w = 8 * 11 * CHAR_WIDTH;
    expect(thinTicks(labels, w / 2, 11)).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
    expect(thinTicks(['a', 'b', 'c'], 100, 11)).toEqual([0, 1, 2]);
  });
  it('moves close labels apart and keeps them within the plot', () => {
    expect(spreadLabels([50, 51, 52], 13, 0, 200)).toEqual([50, 63, 76]);
    expect(spreadLabels([199, 200], 13, 0, 200)).toEqual([187, 200]);
  });
});
