import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { escapeXml } from '../../platform/svg.js';
import { barChart, choropleth, lineChart, quantileBreaks } from './charts.js';

const evil = '<script>alert("x")</script> & co';
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

describe('charts', () => {
  it('escapes every text in a line chart', () => {
    const svg = lineChart({
      title: evil,
      description: evil,
      labels: [evil, 'b'],
      series: [
        { name: evil, values: [1, 2] },
        { name: 'x', values: [2, null] },
      ],
      rules: [{ label: evil, value: 1 }],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain(escapeXml(evil));
    expect(svg).toMatch(/role="img"/);
    expect(svg).toMatch(/<title id="chart-title-\d+">/);
  });
  it('escapes bar chart labels', () => {
    const svg = barChart({ title: 't', description: 'd', categories: [evil], series: [{ name: evil, values: [3] }] });
    expect(svg).not.toContain('<script>');
  });
  it('draws a choropleth with one path per area, escaped names, and a legend', () => {
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
  it('makes quantile breaks without duplicates', () => {
    expect(quantileBreaks([1, 1, 1, 1, 10])).toEqual([1, 10]);
    expect(quantileBreaks([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5]);
  });
});
