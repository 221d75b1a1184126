/**
 * Charts as SVG strings, rendered on the server (no JS needed), each meant to sit beside a data
 * table. Every piece of text is escaped: names of areas and measures come from imports and forms.
 */
import { geoMercator, geoPath } from 'd3-geo';
import type { FeatureCollection } from 'geojson';
import { formatNumber } from '../../platform/format.js';
import { escapeXml } from '../../platform/svg.js';
import { layoutBarChart, layoutLineChart, type ChartLayout } from './chartLayout.js';

let idCounter = 0;
function nextId(prefix: string) {
  idCounter = (idCounter + 1) % 1_000_000;
  return `${prefix}-${idCounter}`;
}
function fmt(n: number) {
  return formatNumber(n, Math.abs(n) < 10 ? 2 : 0);
}
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Draws a chart layout as SVG that scales to its container (viewBox, width 100%). */
export function svgOf(layout: ChartLayout, title: string, description: string): string {
  const tid = nextId('chart-title');
  const did = nextId('chart-desc');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${r1(layout.width)} ${r1(layout.height)}" role="img" aria-labelledby="${tid} ${did}" font-family="system-ui, Arial, sans-serif">`,
  ];
  parts.push(`<title id="${tid}">${escapeXml(title)}</title><desc id="${did}">${escapeXml(description)}</desc>`);
  for (const l of layout.lines)
    parts.push(
      `<line x1="${r1(l.x1)}" x2="${r1(l.x2)}" y1="${r1(l.y1)}" y2="${r1(l.y2)}" stroke="${l.colour}" stroke-width="${l.width}"${l.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
  for (const r of layout.rects) parts.push(`<rect x="${r1(r.x)}" y="${r1(r.y)}" width="${r1(r.w)}" height="${r1(r.h)}" fill="${r.colour}"/>`);
  for (const p of layout.polylines)
    parts.push(`<polyline fill="none" stroke="${p.colour}" stroke-width="2.5" points="${p.points.map(([x, y]) => `${r1(x)},${r1(y)}`).join(' ')}"/>`);
  for (const c of layout.circles) parts.push(`<circle cx="${r1(c.x)}" cy="${r1(c.y)}" r="${c.r}" fill="${c.colour}"/>`);
  for (const t of layout.texts) {
    if (!t.text) continue;
    const rot = t.rotate ? ` transform="rotate(-90 ${r1(t.x)} ${r1(t.y)})"` : '';
    parts.push(
      `<text x="${r1(t.x)}" y="${r1(t.y)}" text-anchor="${t.anchor}" font-size="${t.size}"${t.bold ? ' font-weight="700"' : ''} fill="#0b0c0c"${rot}>${escapeXml(t.text)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

export interface LineSeries {
  name: string;
  values: (number | null)[];
}
export interface LineChartInput {
  /** Shown above the chart: what it shows and the period it covers. */
  title: string;
  description: string;
  labels: string[];
  series: LineSeries[];
  /** Horizontal reference lines: the usual range, the average, the target. */
  rules?: { label: string; value: number; dashed?: boolean }[];
  /** Axis titles (the x axis defaults to "Month"). */
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

export function lineChart(input: LineChartInput): string {
  return svgOf(layoutLineChart(input), input.title, input.description);
}

export interface BarChartInput {
  title: string;
  description: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  /** The value axis's title, e.g. "Crimes". */
  valueLabel?: string;
  width?: number;
}

/** Horizontal grouped bars: one row per category, one bar per series. */
export function barChart(input: BarChartInput): string {
  return svgOf(layoutBarChart(input), input.title, input.description);
}

/** Five light-to-dark blues with enough contrast between neighbours. */
export const CHOROPLETH_SCALE = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

/** Class breaks (equal-count quantiles) for the values; returns the upper bound of each class. */
export function quantileBreaks(values: number[], classes = CHOROPLETH_SCALE.length): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return [];
  const breaks: number[] = [];
  for (let k = 1; k <= classes; k++) breaks.push(sorted[Math.min(sorted.length - 1, Math.ceil((k / classes) * sorted.length) - 1)]);
  return breaks.filter((b, i) => i === 0 || b !== breaks[i - 1]);
}

export interface ChoroplethInput {
  title: string;
  description: string;
  boundaries: FeatureCollection;
  /** code → value */
  values: Map<string, number>;
  highlight?: string | null;
  width?: number;
  height?: number;
  legendLabel: string;
}

/**
 * Projecting a local authority's ward boundaries is the costliest part of a "your area" page and
 * its result depends only on the inputs: kept per boundaries object (the geography service hands
 * out the same frozen object until the geography changes) and per set of values.
 */
const choroplethMemo = new WeakMap<FeatureCollection, Map<string, string>>();

export function choropleth(input: ChoroplethInput): string {
  const key = JSON.stringify([input.title, input.description, [...input.values], input.highlight, input.width, input.height, input.legendLabel]);
  let byKey = choroplethMemo.get(input.boundaries);
  const hit = byKey?.get(key);
  if (hit !== undefined) return hit;
  const svg = drawChoropleth(input);
  if (!byKey) choroplethMemo.set(input.boundaries, (byKey = new Map()));
  const oldest = byKey.keys().next();
  if (byKey.size >= 100 && !oldest.done) byKey.delete(oldest.value);
  byKey.set(key, svg);
  return svg;
}

function drawChoropleth(input: ChoroplethInput): string {
  const W = input.width ?? 560;
  const H = input.height ?? 480;
  const legendH = 40;
  const projection = geoMercator().fitExtent(
    [
      [8, 8],
      [W - 8, H - legendH - 8],
    ],
    input.boundaries,
  );
  const path = geoPath(projection);
  const breaks = quantileBreaks([...input.values.values()]);
  const colourOf = (v: number | undefined) => {
    if (v === undefined) return '#f3f2f1';
    const k = breaks.findIndex((b) => v <= b);
    return CHOROPLETH_SCALE[Math.round(((k < 0 ? breaks.length - 1 : k) / Math.max(1, breaks.length - 1)) * (CHOROPLETH_SCALE.length - 1))];
  };
  const tid = nextId('map-title');
  const did = nextId('map-desc');
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" class="app-map" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${tid} ${did}">`];
  parts.push(`<title id="${tid}">${escapeXml(input.title)}</title><desc id="${did}">${escapeXml(input.description)}</desc>`);
  let highlighted = '';
  for (const f of input.boundaries.features) {
    const code = String(f.properties?.code ?? '');
    const name = String(f.properties?.name ?? code);
    const d = path(f);
    if (!d) continue;
    const v = input.values.get(code);
    const el = `<path d="${d}" fill="${colourOf(v)}" stroke="#0b0c0c" stroke-width="0.6" data-code="${escapeXml(code)}"><title>${escapeXml(name)}: ${v === undefined ? 'no data' : escapeXml(fmt(v))}</title></path>`;
    parts.push(el);
    if (input.highlight && code === input.highlight) highlighted = `<path d="${d}" fill="none" stroke="#ffdd00" stroke-width="3"/>`;
  }
  if (highlighted) parts.push(highlighted);
  // Legend
  let lo = Math.min(...(input.values.size ? [...input.values.values()] : [0]));
  breaks.forEach((b, i) => {
    const x0 = 8 + i * 105;
    parts.push(`<rect x="${x0}" y="${H - legendH + 6}" width="16" height="12" fill="${colourOf(b)}" stroke="#0b0c0c" stroke-width="0.5"/>`);
    parts.push(`<text x="${x0 + 20}" y="${H - legendH + 16}" font-size="11" fill="#0b0c0c">${escapeXml(`${fmt(lo)}–${fmt(b)}`)}</text>`);
    lo = b;
  });
  parts.push(`<text x="8" y="${H - 4}" font-size="11" fill="#0b0c0c">${escapeXml(input.legendLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
