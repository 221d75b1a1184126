/**
 * What every chart of the kit is made of: marks (texts, lines, rectangles, polylines, circles)
 * placed once by a layout function and drawn by any renderer (SVG for pages and Word, pdfkit for
 * the PDF, a PNG fallback for Word). Also the parts every chart shares: the title and period at
 * the top, a value axis's title, rules (target, limits) labelled at the right, and the legend.
 */
import { spreadLabels, textWidth, wrapText, type Anchor } from './axes.js';

export const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#6f72af', '#b58840', '#28a197'];
export const INK = '#0b0c0c';
export const GRID = '#b1b4b6';
/** Font sizes (in the chart's own units; the chart scales to its container). */
export const SIZE = { title: 14, text: 12, small: 11 } as const;
export const LINE_GAP = 4;

export interface TextMark {
  x: number;
  y: number;
  text: string;
  size: number;
  anchor: Anchor;
  bold?: boolean;
}
export interface LineMark {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  colour: string;
  width: number;
  dashed?: boolean;
}
export interface RectMark {
  x: number;
  y: number;
  w: number;
  h: number;
  colour: string;
  /** What the bar shows, in words (a tooltip on the page). */
  tip?: string;
}
export interface ChartLayout {
  width: number;
  height: number;
  texts: TextMark[];
  lines: LineMark[];
  polylines: { points: [number, number][]; colour: string }[];
  circles: { x: number; y: number; r: number; colour: string }[];
  rects: RectMark[];
}

/** What every chart has: a title, the period it covers, and words for the accessible description. */
export interface ChartBase {
  title: string;
  /** The period the figures cover, e.g. "April 2024 to March 2025" (shown under the title). */
  period: string;
  description: string;
  width?: number;
  /** How a value is written on the axis and beside bars (default: UK English, up to two decimals). */
  format?: (v: number) => string;
}

export interface Series {
  name: string;
  values: (number | null)[];
  colour?: string;
}
export const colourOf = (s: Series, i: number) => s.colour ?? COLOURS[i % COLOURS.length];

export const emptyLayout = (width: number): ChartLayout => ({ width, height: 0, texts: [], lines: [], polylines: [], circles: [], rects: [] });

/** Wrapped lines of text from `y` (the first baseline) down; returns the marks and the next free y. */
export function textLines(text: string, x: number, y: number, width: number, size: number, opts: { bold?: boolean; maxLines?: number; anchor?: Anchor } = {}) {
  const lines = wrapText(text, size, width, opts.maxLines ?? 3);
  const texts = lines.map((t, i) => ({ x, y: y + i * (size + LINE_GAP), text: t, size, anchor: opts.anchor ?? ('start' as const), bold: opts.bold }));
  return { texts, bottom: y + lines.length * (size + LINE_GAP) - LINE_GAP + size * 0.2 };
}

/** The title (bold) and the period under it; returns the marks and the y below them. */
export function headerMarks(title: string, period: string, width: number) {
  const t = textLines(title, 8, 8 + SIZE.title * 0.8, width - 16, SIZE.title, { bold: true });
  const p = period ? textLines(period, 8, t.bottom + 6 + SIZE.text * 0.8, width - 16, SIZE.text, { maxLines: 2 }) : { texts: [], bottom: t.bottom };
  return { texts: [...t.texts, ...p.texts], bottom: p.bottom };
}

/** An axis's title centred below it (`y` is the first baseline), wrapped to two lines at most. */
export function axisTitle(text: string, width: number, y: number) {
  return textLines(text, width / 2, y, width - 16, SIZE.small, { bold: true, maxLines: 2, anchor: 'middle' });
}

/** Legend entries flowed into rows across the width, from `top`; returns the marks and their height. */
export function legendMarks(series: Series[], width: number, top: number, swatch: 'line' | 'box') {
  const texts: TextMark[] = [];
  const lines: LineMark[] = [];
  const rects: RectMark[] = [];
  const rowH = SIZE.small + 8;
  let x = 8;
  let row = 0;
  series.forEach((s, i) => {
    const name = wrapText(s.name, SIZE.small, width - 16 - 22, 1)[0] ?? '';
    const w = 22 + textWidth(name, SIZE.small) + 16;
    if (x > 8 && x + w > width - 8) {
      x = 8;
      row += 1;
    }
    const y = top + row * rowH + SIZE.small;
    const colour = colourOf(s, i);
    if (swatch === 'line') lines.push({ x1: x, x2: x + 18, y1: y - 4, y2: y - 4, colour, width: 3 });
    else rects.push({ x, y: y - 10, w: 14, h: 11, colour });
    texts.push({ x: x + 22, y, text: name, size: SIZE.small, anchor: 'start' });
    x += w;
  });
  return { texts, lines, rects, height: series.length ? (row + 1) * rowH + 4 : 0 };
}

export interface Rule {
  label: string;
  value: number;
  dashed?: boolean;
}

/** The widest a rule's label may be, and its text cut to that. */
export const ruleLabelWidth = (width: number) => Math.max(90, Math.round(width * 0.22));
export const ruleText = (r: Rule, width: number) => wrapText(r.label, SIZE.small, ruleLabelWidth(width), 1)[0] ?? '';

/** Horizontal reference lines across the plot, each labelled at its right end, labels moved apart. */
export function ruleMarks(rules: Rule[], width: number, plot: { l: number; r: number; t: number; b: number }, y: (v: number) => number) {
  const texts: TextMark[] = [];
  const lines: LineMark[] = [];
  const ys = spreadLabels(
    rules.map((r) => y(r.value) + 4),
    SIZE.small + 2,
    plot.t + 4,
    plot.b + 4,
  );
  rules.forEach((r, i) => {
    lines.push({ x1: plot.l, x2: plot.r, y1: y(r.value), y2: y(r.value), colour: '#505a5f', width: 1.5, dashed: r.dashed });
    texts.push({ x: plot.r + 4, y: ys[i], text: ruleText(r, width), size: SIZE.small, anchor: 'start' });
  });
  return { texts, lines };
}
