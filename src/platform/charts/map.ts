/**
 * A choropleth of areas (e.g. wards) shaded by a figure, as SVG with a legend; d3-geo projects the
 * boundaries. Each area's name and figure is its tooltip; the page shows a table of the same
 * figures. Every text is escaped.
 */
import { geoMercator, geoPath } from 'd3-geo';
import type { FeatureCollection } from 'geojson';
import { formatNumber } from '../format.js';
import { escapeXml } from '../svg.js';
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
