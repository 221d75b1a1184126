/**
 * Charts as SVG strings, rendered on the server (no JS needed), each meant to sit beside a data
 * table. Every piece of text is escaped: names of areas and measures come from imports and forms.
 */
import { geoMercator, geoPath } from 'd3-geo';
import type { FeatureCollection } from 'geojson';
import { formatNumber } from '../../platform/format.js';

export function escapeXml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#6f72af', '#b58840', '#28a197'];
let idCounter = 0;
function nextId(prefix: string) {
  idCounter = (idCounter + 1) % 1_000_000;
  return `${prefix}-${idCounter}`;
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
function fmt(n: number) {
  return formatNumber(n, Math.abs(n) < 10 ? 2 : 0);
}

export interface LineSeries {
  name: string;
  values: (number | null)[];
}
export interface LineChartInput {
  title: string;
  description: string;
  labels: string[];
  series: LineSeries[];
  /** Horizontal reference lines: control limits, centre line, target. */
  rules?: { label: string; value: number; dashed?: boolean }[];
  width?: number;
  height?: number;
}

export function lineChart(input: LineChartInput): string {
  const W = input.width ?? 640;
  const H = (input.height ?? 264) + 16 * (input.series.length > 1 ? Math.ceil(input.series.length / 3) : 0);
  const legendRows = input.series.length > 1 ? Math.ceil(input.series.length / 3) : 0;
  const m = { l: 56, r: 130, t: 16, b: 28 + 16 * legendRows };
  const w = W - m.l - m.r;
  const h = H - m.t - m.b;
  const all = [...input.series.flatMap((s) => s.values.filter((v): v is number => v !== null)), ...(input.rules ?? []).map((r) => r.value)];
  const max = niceMax(Math.max(0, ...all));
  const n = input.labels.length;
  const x = (i: number) => m.l + (n <= 1 ? w / 2 : (i / (n - 1)) * w);
  const y = (v: number) => m.t + h - (v / max) * h;
  const tid = nextId('chart-title');
  const did = nextId('chart-desc');
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${tid} ${did}">`);
  parts.push(`<title id="${tid}">${escapeXml(input.title)}</title><desc id="${did}">${escapeXml(input.description)}</desc>`);
  for (let k = 0; k <= 4; k++) {
    const v = (max / 4) * k;
    parts.push(`<line x1="${m.l}" x2="${m.l + w}" y1="${y(v)}" y2="${y(v)}" stroke="#b1b4b6" stroke-width="0.5"/>`);
    parts.push(`<text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#0b0c0c">${escapeXml(fmt(v))}</text>`);
  }
  const step = Math.max(1, Math.ceil(n / 8));
  input.labels.forEach((lab, i) => {
    if (i % step !== 0 && !(i === n - 1 && (n - 1) % step >= step / 2)) return;
    parts.push(`<text x="${x(i)}" y="${m.t + h + 16}" text-anchor="middle" font-size="11" fill="#0b0c0c">${escapeXml(lab)}</text>`);
  });
  for (const r of input.rules ?? []) {
    parts.push(
      `<line x1="${m.l}" x2="${m.l + w}" y1="${y(r.value)}" y2="${y(r.value)}" stroke="#505a5f" stroke-width="1"${r.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    parts.push(`<text x="${m.l + w + 4}" y="${y(r.value) + 4}" font-size="11" fill="#0b0c0c">${escapeXml(r.label)}</text>`);
  }
  input.series.forEach((s, si) => {
    const colour = COLOURS[si % COLOURS.length];
    const pts = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`));
    const segs: string[][] = [[]];
    for (const p of pts) {
      if (p === null) segs.push([]);
      else segs[segs.length - 1].push(p);
    }
    for (const seg of segs) if (seg.length > 1) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2.5" points="${seg.join(' ')}"/>`);
    s.values.forEach((v, i) => {
      if (v !== null) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${colour}"/>`);
    });
    if (input.series.length > 1) {
      const lx = 10 + (si % 3) * 210;
      const ly = H - 8 - 16 * (legendRows - 1 - Math.floor(si / 3));
      parts.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="3"/>`);
      parts.push(`<text x="${lx + 22}" y="${ly + 4}" font-size="11" fill="#0b0c0c">${escapeXml(s.name)}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface BarChartInput {
  title: string;
  description: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  width?: number;
}

/** Horizontal grouped bars: one row per category, one bar per series. */
export function barChart(input: BarChartInput): string {
  const W = input.width ?? 640;
  const barH = 12;
  const rowH = input.series.length * barH + 10;
  const legendRows = Math.ceil(input.series.length / 3);
  const m = { l: 210, r: 60, t: 10, b: 12 + 18 * legendRows };
  const H = m.t + m.b + rowH * input.categories.length;
  const w = W - m.l - m.r;
  const max = niceMax(Math.max(0, ...input.series.flatMap((s) => s.values)));
  const tid = nextId('chart-title');
  const did = nextId('chart-desc');
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${tid} ${did}">`];
  parts.push(`<title id="${tid}">${escapeXml(input.title)}</title><desc id="${did}">${escapeXml(input.description)}</desc>`);
  input.categories.forEach((c, ci) => {
    const y0 = m.t + ci * rowH;
    parts.push(`<text x="${m.l - 6}" y="${y0 + rowH / 2 + 2}" text-anchor="end" font-size="11" fill="#0b0c0c">${escapeXml(c)}</text>`);
    input.series.forEach((s, si) => {
      const v = s.values[ci] ?? 0;
      const bw = (v / max) * w;
      parts.push(`<rect x="${m.l}" y="${y0 + si * barH + 4}" width="${bw.toFixed(1)}" height="${barH - 2}" fill="${COLOURS[si % COLOURS.length]}"/>`);
      parts.push(`<text x="${m.l + bw + 4}" y="${y0 + si * barH + 4 + barH - 4}" font-size="10" fill="#0b0c0c">${escapeXml(fmt(v))}</text>`);
    });
  });
  input.series.forEach((s, si) => {
    const lx = 10 + (si % 3) * 210;
    const ly = H - 18 * (legendRows - Math.floor(si / 3));
    parts.push(`<rect x="${lx}" y="${ly}" width="14" height="10" fill="${COLOURS[si % COLOURS.length]}"/>`);
    parts.push(`<text x="${lx + 18}" y="${ly + 9}" font-size="11" fill="#0b0c0c">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
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
  if (byKey.size >= 100) byKey.delete(byKey.keys().next().value as string);
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
