/**
 * Maps of areas (e.g. wards) as SVG with a legend; d3-geo projects the boundaries. `areaMap` shades
 * each area as the caller says (e.g. visited or not); `choropleth` shades by a figure in five
 * classes. Each area's name and figure is its tooltip; the page shows a table of the same figures.
 * Every text is escaped.
 */
import { geoMercator, geoPath } from 'd3-geo';
import type { FeatureCollection } from 'geojson';
import { formatNumber } from '../format.js';
import { escapeXml } from '../svg.js';
import { textWidth } from './axes.js';
import { INK } from './layout.js';
import { nextId } from './svg.js';

function fmt(n: number) {
  return formatNumber(n, Math.abs(n) < 10 ? 2 : 0);
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
  const breaks = quantileBreaks([...input.values.values()]);
  const classOf = (v: number) => {
    const k = breaks.findIndex((b) => v <= b);
    return CHOROPLETH_SCALE[Math.round(((k < 0 ? breaks.length - 1 : k) / Math.max(1, breaks.length - 1)) * (CHOROPLETH_SCALE.length - 1))];
  };
  let lo = Math.min(...(input.values.size ? [...input.values.values()] : [0]));
  const legend = breaks.map((b) => {
    const entry = { colour: classOf(b), label: `${fmt(lo)}–${fmt(b)}` };
    lo = b;
    return entry;
  });
  return areaMap({
    ...input,
    fill: (code) => {
      const v = input.values.get(code);
      return v === undefined ? NO_DATA : classOf(v);
    },
    tip: (code, name) => {
      const v = input.values.get(code);
      return `${name}: ${v === undefined ? 'no data' : fmt(v)}`;
    },
    legend,
  });
}

const NO_DATA = '#f3f2f1';

export interface AreaMapInput {
  title: string;
  description: string;
  boundaries: FeatureCollection;
  /** The colour of an area, by its code. */
  fill: (code: string) => string;
  /** An area's tooltip, e.g. "Park: 3 visits". */
  tip: (code: string, name: string) => string;
  /** The colours and what each means, shown below the map. */
  legend: { colour: string; label: string }[];
  /** What the shading shows, below the legend. */
  legendLabel: string;
  highlight?: string | null;
  width?: number;
  height?: number;
}

/** A map of areas shaded as the caller says, with a legend flowed into rows that never overlap. */
export function areaMap(input: AreaMapInput): string {
  const W = input.width ?? 560;
  const size = 11;
  const rowH = 18;
  const swatches: { x: number; row: number; colour: string; label: string }[] = [];
  let x = 8;
  let row = 0;
  for (const l of input.legend) {
    const w = 20 + textWidth(l.label, size) + 16;
    if (x > 8 && x + w > W - 8) {
      x = 8;
      row += 1;
    }
    swatches.push({ x, row, ...l });
    x += w;
  }
  const legendH = (swatches.length ? row + 1 : 0) * rowH + 24;
  const H = (input.height ?? 480) - 40 + legendH;
  const mapBottom = H - legendH - 8;
  const projection = geoMercator().fitExtent(
    [
      [8, 8],
      [W - 8, mapBottom],
    ],
    input.boundaries,
  );
  const path = geoPath(projection);
  const tid = nextId('map-title');
  const did = nextId('map-desc');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-map" width="100%" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${tid} ${did}" font-family="Arial, Helvetica, sans-serif">`,
  ];
  parts.push(`<title id="${tid}">${escapeXml(input.title)}</title><desc id="${did}">${escapeXml(input.description)}</desc>`);
  let highlighted = '';
  for (const f of input.boundaries.features) {
    const code = String(f.properties?.code ?? '');
    const name = String(f.properties?.name ?? code);
    const d = path(f);
    if (!d) continue;
    parts.push(
      `<path d="${d}" fill="${escapeXml(input.fill(code))}" stroke="${INK}" stroke-width="0.6" data-code="${escapeXml(code)}"><title>${escapeXml(input.tip(code, name))}</title></path>`,
    );
    if (input.highlight && code === input.highlight) highlighted = `<path d="${d}" fill="none" stroke="#ffdd00" stroke-width="3"/>`;
  }
  if (highlighted) parts.push(highlighted);
  for (const s of swatches) {
    const y = mapBottom + 8 + s.row * rowH;
    parts.push(`<rect x="${s.x}" y="${y + 2}" width="16" height="12" fill="${escapeXml(s.colour)}" stroke="${INK}" stroke-width="0.5"/>`);
    parts.push(`<text x="${s.x + 20}" y="${y + 12}" font-size="${size}" fill="${INK}">${escapeXml(s.label)}</text>`);
  }
  parts.push(`<text x="8" y="${H - 6}" font-size="${size}" fill="${INK}">${escapeXml(input.legendLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
