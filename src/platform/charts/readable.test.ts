/**
 * Issue 15: every chart kind, drawn with long labels, many periods, negative and zero figures,
 * has a title, its period and labelled axes, and no two of its texts overlap or leave the chart.
 * Boxes are estimated from each SVG text's x, y, anchor, font size and length, as the kit does.
 */
import { describe, expect, it } from 'vitest';
import { boxesOverlap, textBox, type Anchor, type Box } from './axes.js';
import { barChart, columnChart, lineChart } from './svg.js';

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

function texts(svg: string): { text: string; box: Box }[] {
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attrs, raw]) => {
    const num = (name: string) => Number(new RegExp(` ${name}="([-\\d.]+)"`).exec(` ${attrs}`)![1]);
    const anchor = (/text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start') as Anchor;
    const text = unescape(raw);
    return { text, box: textBox({ x: num('x'), y: num('y'), size: num('font-size'), anchor, text }) };
  });
}

function overlaps(items: { text: string; box: Box }[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) if (boxesOverlap(items[i].box, items[j].box)) out.push(`"${items[i].text}" / "${items[j].text}"`);
  return out;
}

function outside(svg: string, items: { text: string; box: Box }[]): string[] {
  const [, , width, height] = /viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"/.exec(svg)!.slice(1).map(Number);
  return items.filter(({ box }) => box[0] < 0 || box[1] < 0 || box[2] > width || box[3] > height).map((i) => i.text);
}

/**
 * Checks a page's chart (laid out wide and narrow: two SVGs) is readable at both widths, and
 * returns the wide one's texts for the chart's own checks.
 */
function readable(html: string, must: string[], mustWhenWide: string[] = []) {
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
  expect(svgs.map((svg) => /class="([^"]*)"/.exec(svg)?.[1])).toEqual(['app-chart app-chart--wide', 'app-chart app-chart--narrow']);
  const shown = svgs.map((svg) => {
    const items = texts(svg);
    expect(overlaps(items)).toEqual([]);
    expect(outside(svg, items)).toEqual([]);
    const words = items.map((i) => i.text);
    for (const m of must) expect(words).toContain(m);
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="chart-title-\d+ chart-desc-\d+"/);
    expect(svg).toMatch(/viewBox="0 0 [\d.]+ [\d.]+"/);
    expect(svg).toContain('width="100%"');
    return words;
  });
  expect(/viewBox="0 0 ([\d.]+)/.exec(svgs[1])![1]).toBe('360');
  for (const m of mustWhenWide) expect(shown[0]).toContain(m);
  return shown[0];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const months24 = Array.from({ length: 24 }, (_, i) => `${MONTHS[i % 12]} ${2024 + Math.floor(i / 12)}`);
const violence = 'Violence against the person and sexual offences';
const longCategories = [violence, 'Burglary', 'Criminal damage and arson (including attempts)', 'Anti-social behaviour', 'Possession of weapons'];
const base = {
  title: `${violence}: recorded crimes each month against the same month a year before`,
  period: 'January 2024 to December 2025',
  description: 'd',
};

describe('every chart kind is readable with long labels', () => {
  it('a line chart: 24 months, limits and a target close together, negative and zero figures, long series names', () => {
    const svg = lineChart({
      ...base,
      labels: months24,
      series: [
        { name: violence, values: months24.map((_, i) => (i % 5) * 30 - 40) },
        { name: `${violence}, a year before`, values: months24.map((_, i) => (i === 3 ? null : 0)) },
        { name: 'Third series', values: months24.map(() => 12.5) },
      ],
      rules: [
        { label: 'Usual high', value: 80, dashed: true },
        { label: 'Target', value: 78 },
        { label: 'Average', value: 76 },
        { label: 'Usual low because the usual range is wide', value: -35, dashed: true },
      ],
      xLabel: 'Month',
      yLabel: 'Change in recorded crimes against the same month a year before',
    });
    const shown = readable(svg, ['Month', 'Usual high', 'Target', 'Average', 'January 2024 to December 2025', '-50', '0', '100']);
    expect(shown.some((t) => t.startsWith('Change in recorded crimes'))).toBe(true);
    expect(shown.some((t) => t.startsWith('Violence against the person'))).toBe(true);
    // Thinned, but more than a couple of dates.
    const dates = shown.filter((t) => months24.includes(t));
    expect(dates.length).toBeGreaterThan(3);
    expect(dates.length).toBeLessThan(24);
  });

  it('a horizontal bar chart: long category names, three series, negative and zero figures', () => {
    const svg = barChart({
      ...base,
      categories: longCategories,
      series: [
        { name: 'April 2024 to March 2025', values: [123456, 0, -2500, 5, null] },
        { name: 'April 2023 to March 2024', values: [120000, 3, 100000, 0, 7] },
        { name: violence, values: [-1, 2, 3, 4, 0] },
      ],
      categoryLabel: 'Crime category',
      valueLabel: 'Crimes recorded in the year',
    });
    const shown = readable(svg, ['Crime category', 'Crimes recorded in the year', 'Burglary', '123,456', '-2,500', '0']);
    expect(shown).toContain('April 2024 to March 2025');
  });

  it('a column chart: 24 months (thinned), long category names (wrapped), a target, negative and zero figures', () => {
    const many = columnChart({
      ...base,
      categories: months24,
      series: [{ name: 'Net change', values: months24.map((_, i) => (i % 3) - 1) }],
      rules: [{ label: 'Target for the net change over the year', value: 0.5 }],
      xLabel: 'Month',
      yLabel: 'Net change in officers',
    });
    const months = readable(many, ['Month', 'Net change in officers', '-1', '0']).filter((t) => months24.includes(t));
    expect(months.length).toBeGreaterThan(2);
    expect(months.length).toBeLessThan(24);
    const wrapped = columnChart({
      ...base,
      categories: longCategories,
      series: [
        { name: 'Actual', values: [1441, 0, -20, null, 5], colour: '#1d70b8' },
        { name: 'Plan', values: [1441, 1378, 12, 3, 0], colour: '#505a5f' },
      ],
      rules: [{ label: 'Target 1,400', value: 1400 }],
      xLabel: 'Crime category',
      yLabel: 'Full-time equivalents',
      format: (v) => Math.round(v).toLocaleString('en-GB'),
    });
    // On a phone the long names are thinned, not all shown: the table that follows has them all.
    readable(wrapped, ['Crime category', 'Full-time equivalents', 'Target 1,400', 'Actual', 'Plan'], ['Burglary', 'Anti-social', 'behaviour']);
  });

  it('a chart with one point, or none, still has its title, period and axes', () => {
    readable(lineChart({ ...base, labels: ['March 2025'], series: [{ name: 'x', values: [3] }], xLabel: 'Month', yLabel: 'Crimes' }), [
      'Month',
      'Crimes',
      'March 2025',
    ]);
    readable(barChart({ ...base, categories: [], series: [], categoryLabel: 'Answer', valueLabel: 'Responses' }), ['Answer', 'Responses']);
    readable(columnChart({ ...base, categories: [], series: [], xLabel: 'Year', yLabel: 'Pounds' }), ['Year', 'Pounds']);
  });
});
