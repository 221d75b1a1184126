/**
 * Charts as SVG strings, drawn on the server (no JavaScript needed) and scaling to their container
 * (a viewBox and width 100%). Each is an image with an accessible name (its title and period) and
 * description, and is meant to sit beside a table of the same figures. Every text is escaped:
 * names of areas, measures and survey answers come from imports and forms.
 *
 * A page gets each chart twice, laid out for a wide column and for a phone (the stylesheet shows
 * one: `app-chart--wide` from the tablet width up, `app-chart--narrow` below it), because a chart
 * laid out 640 wide and shrunk to a 320 px screen has text too small to read. Laying the chart
 * out again at the phone's width thins, wraps and cuts its labels for that width instead.
 */
import { escapeXml } from '../svg.js';
import { layoutBarChart, layoutColumnChart, type BarChartInput, type ColumnChartInput } from './bar.js';
import { INK, type ChartBase, type ChartLayout } from './layout.js';
import { layoutLineChart, type LineChartInput } from './line.js';

let idCounter = 0;
export function nextId(prefix: string) {
  idCounter = (idCounter + 1) % 1_000_000;
  return `${prefix}-${idCounter}`;
}
const r1 = (n: number) => Math.round(n * 10) / 10;

/** The chart's accessible name: its title and, after a comma, its period. */
export const chartName = (title: string, period: string) => (period ? `${title}, ${period}` : title);

/** The width a chart is laid out for on a phone (a 320 px screen shows it at about 0.8 of its size). */
export const NARROW_WIDTH = 360;

/** Draws a chart layout as SVG (`variant` says which of a page's pair it is). */
export function svgOf(layout: ChartLayout, name: string, description: string, variant?: 'wide' | 'narrow'): string {
  const tid = nextId('chart-title');
  const did = nextId('chart-desc');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart${variant ? ` app-chart--${variant}` : ''}" width="100%" viewBox="0 0 ${r1(layout.width)} ${r1(layout.height)}" role="img" aria-labelledby="${tid} ${did}" font-family="Arial, Helvetica, sans-serif">`,
    `<title id="${tid}">${escapeXml(name)}</title><desc id="${did}">${escapeXml(description)}</desc>`,
  ];
  for (const l of layout.lines)
    parts.push(
      `<line x1="${r1(l.x1)}" x2="${r1(l.x2)}" y1="${r1(l.y1)}" y2="${r1(l.y2)}" stroke="${escapeXml(l.colour)}" stroke-width="${l.width}"${l.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
  for (const r of layout.rects) {
    const tip = r.tip ? `<title>${escapeXml(r.tip)}</title>` : '';
    parts.push(`<rect x="${r1(r.x)}" y="${r1(r.y)}" width="${r1(r.w)}" height="${r1(r.h)}" fill="${escapeXml(r.colour)}">${tip}</rect>`);
  }
  for (const p of layout.polylines)
    parts.push(
      `<polyline fill="none" stroke="${escapeXml(p.colour)}" stroke-width="2.5" points="${p.points.map(([x, y]) => `${r1(x)},${r1(y)}`).join(' ')}"/>`,
    );
  for (const c of layout.circles) parts.push(`<circle cx="${r1(c.x)}" cy="${r1(c.y)}" r="${c.r}" fill="${escapeXml(c.colour)}"/>`);
  for (const t of layout.texts) {
    if (!t.text) continue;
    parts.push(
      `<text x="${r1(t.x)}" y="${r1(t.y)}" text-anchor="${t.anchor}" font-size="${t.size}"${t.bold ? ' font-weight="700"' : ''} fill="${INK}">${escapeXml(t.text)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The chart for a page: laid out wide and narrow (or once, at the width the caller asks for). */
function forPage<T extends ChartBase>(layout: (input: T) => ChartLayout, input: T): string {
  const name = chartName(input.title, input.period);
  if (input.width) return svgOf(layout(input), name, input.description);
  return svgOf(layout(input), name, input.description, 'wide') + svgOf(layout({ ...input, width: NARROW_WIDTH }), name, input.description, 'narrow');
}

export const lineChart = (input: LineChartInput) => forPage(layoutLineChart, input);

/** Horizontal bars: one row per category, one bar per series. */
export const barChart = (input: BarChartInput) => forPage(layoutBarChart, input);

/** Vertical bars: one group per category along the bottom. */
export const columnChart = (input: ColumnChartInput) => forPage(layoutColumnChart, input);
