import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { escapeXml } from '../svg.js';
import { areaMap, choropleth, quantileBreaks } from './map.js';
import { barChart, columnChart, lineChart, NARROW_WIDTH } from './svg.js';

const evil = '<script>alert("x")</script> & co';
const base = { title: evil, period: evil, description: evil };
const square = (code: string, name: string, x: number): FeatureCollection['features'][number] => ({
  type: 'Feature',
  properties: { code, name },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [x, 54.5],
        [x, 54.6],
        [x + 0.1, 54.6],
        [x + 0.1, 54.5],
        [x, 54.5],
      ],
    ],
  },
});

describe('charts as SVG', () => {
  it('gives a page each chart laid out wide and narrow, or once at the width asked for', () => {
    const input = { title: 't', period: 'p', description: 'd', labels: ['a', 'b'], series: [{ name: 's', values: [1, 2] }], xLabel: 'x', yLabel: 'y' };
    const pair = lineChart(input);
    expect([...pair.matchAll(/<svg [^>]*class="([^"]+)" width="100%" viewBox="0 0 (\d+) /g)].map((m) => [m[1], m[2]])).toEqual([
      ['app-chart app-chart--wide', '640'],
      ['app-chart app-chart--narrow', String(NARROW_WIDTH)],
    ]);
    expect(lineChart({ ...input, width: 500 }).match(/<svg /g)).toHaveLength(1);
  });
  it('escapes every text of every chart kind, and names the image by its title and period', () => {
    const svgs = [
      lineChart({
        ...base,
        labels: [evil, 'b'],
        series: [
          { name: evil, values: [1, 2] },
          { name: 'x', values: [2, null] },
        ],
        rules: [{ label: evil, value: 1 }],
        xLabel: evil,
        yLabel: evil,
      }),
      barChart({ ...base, categories: [evil], series: [{ name: evil, values: [3] }], categoryLabel: evil, valueLabel: evil }),
      columnChart({
        ...base,
        categories: [evil],
        series: [{ name: evil, values: [3], colour: '"><script>' }],
        rules: [{ label: evil, value: 2 }],
        xLabel: evil,
        yLabel: evil,
      }),
    ];
    for (const svg of svgs) {
      expect(svg).not.toContain('<script>');
      expect(svg).toContain(escapeXml(evil));
      expect(svg).toMatch(/role="img"/);
      expect(svg).toContain(`<title id="chart-title-`);
      expect(svg).toContain(`>${escapeXml(`${evil}, ${evil}`)}</title><desc id="chart-desc-`);
    }
    expect(svgs[2]).toContain('fill="&quot;&gt;&lt;script&gt;"');
  });
  it('gives each bar its figure as a tooltip, and draws nothing for a missing figure', () => {
    const svg = columnChart({
      title: 'Police officers',
      period: 'Financial years 2013/14 to 2014/15',
      description: 'd',
      width: 640,
      categories: ['2013/14', '2014/15'],
      series: [
        { name: 'Actual', values: [1441, null], colour: '#1d70b8' },
        { name: 'Plan', values: [1441, 1378], colour: '#505a5f' },
      ],
      rules: [{ label: 'Target 200', value: 200 }],
      xLabel: 'Financial year',
      yLabel: 'Full-time equivalents',
      format: (v) => Math.round(v).toLocaleString('en-GB'),
    });
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3);
    expect(svg).toContain('<title>Plan, 2014/15: 1,378</title>');
    expect(svg).toContain('>Target 200</text>');
  });
  it('scales horizontal bars from zero', () => {
    const svg = barChart({
      title: 't',
      period: 'p',
      width: 640,
      description: 'd',
      categories: ['a', 'b'],
      series: [{ name: 's', values: [10, 5] }],
      categoryLabel: 'c',
      valueLabel: 'v',
    });
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"[^>]*><title>/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeCloseTo(widths[1] * 2, 0);
  });
});

describe('choropleth', () => {
  it('draws one path per area, escaped names, and a legend', () => {
    const fc: FeatureCollection = { type: 'FeatureCollection', features: [square('W1', evil, -1.3), square('W2', 'Park', -1.2)] };
    const svg = choropleth({
      title: 'm',
      description: 'd',
      boundaries: fc,
      values: new Map([
        ['W1', 5],
        ['W2', 10],
      ]),
      legendLabel: 'Crimes',
      highlight: 'W2',
    });
    expect((svg.match(/<path d="M/g) ?? []).length).toBe(3); // two areas and the highlight outline
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
  it('shades areas as the caller says, with a legend whose entries flow into rows', () => {
    const fc: FeatureCollection = { type: 'FeatureCollection', features: [square('W1', evil, -1.3), square('W2', 'Park', -1.2)] };
    const legend = ['Visited', 'Not visited', 'Visited by the Commissioner in person', 'Visited by the deputy'].map((label, i) => ({
      colour: `#00000${i}`,
      label,
    }));
    const svg = areaMap({
      title: 't',
      description: 'd',
      boundaries: fc,
      fill: (c) => (c === 'W1' ? '#00703c' : '#f3f2f1'),
      tip: (c, n) => `${n} (${c})`,
      legend,
      legendLabel: 'Wards',
      width: 300,
    });
    expect(svg).toContain('fill="#00703c"');
    expect(svg).toContain(`<title>${escapeXml(`${evil} (W1)`)}</title>`);
    const rows = new Set([...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)"/g)].map((m) => m[1]));
    expect(rows.size).toBeGreaterThan(2); // legend rows and the legend's label
  });
  it('makes quantile breaks without duplicates', () => {
    expect(quantileBreaks([1, 1, 1, 1, 10])).toEqual([1, 10]);
    expect(quantileBreaks([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5]);
  });
});
