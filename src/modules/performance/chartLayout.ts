/**
 * Where every mark and label of a line or bar chart goes, worked out once and drawn by any renderer
 * (SVG for pages and Word, pdfkit for the PDF). Labels are measured with a fixed per-character
 * estimate, so ticks are thinned and labels moved until no two overlap. Pure.
 */
import { formatNumber } from '../../platform/format.js';

export const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#6f72af', '#b58840', '#28a197'];
/** Width of a character as a share of the font size: generous for the fonts a browser or PDF uses. */
export const CHAR_WIDTH = 0.62;
export const textWidth = (s: string, size: number) => s.length * size * CHAR_WIDTH;

export interface TextMark {
  x: number;
  y: number;
  text: string;
  size: number;
  anchor: 'start' | 'middle' | 'end';
  bold?: boolean;
  rotate?: boolean;
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
export interface ChartLayout {
  width: number;
  height: number;
  texts: TextMark[];
  lines: LineMark[];
  polylines: { points: [number, number][]; colour: string }[];
  circles: { x: number; y: number; r: number; colour: string }[];
  rects: { x: number; y: number; w: number; h: number; colour: string }[];
}

/** The box a text takes (baseline y; rotated text stands on its own, beside the plot). */
export function textBox(t: TextMark): [number, number, number, number] {
  const w = textWidth(t.text, t.size);
  const x0 = t.anchor === 'start' ? t.x : t.anchor === 'middle' ? t.x - w / 2 : t.x - w;
  return [x0, t.y - t.size * 0.8, x0 + w, t.y + t.size * 0.2];
}

export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
export function fmtTick(n: number) {
  return formatNumber(n, Math.abs(n) < 10 && !Number.isInteger(n) ? 2 : 0);
}

/** Splits text into lines no wider than `width` (a word longer than that is cut with an ellipsis). */
export function wrapText(text: string, size: number, width: number, maxLines = 3): string[] {
  const perLine = Math.max(4, Math.floor(width / (size * CHAR_WIDTH)));
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = word.length > perLine ? `${word.slice(0, perLine - 1)}…` : word;
    if (!cur) cur = w;
    else if (cur.length + 1 + w.length <= perLine) cur += ` ${w}`;
    else {
      lines.push(cur);
      cur = w;
    }
  }
  if (cur) lines.push(cur);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    const last = kept[maxLines - 1];
    kept[maxLines - 1] = `${last.slice(0, Math.max(1, perLine - 1))}…`;
    return kept;
  }
  return lines;
}

/** Which of n evenly spaced labels to show so that none overlaps the next (the first always). */
export function thinTicks(labels: string[], spacing: number, size: number, gap = 8): number[] {
  const n = labels.length;
  if (!n) return [];
  const widest = Math.max(...labels.map((l) => textWidth(l, size)));
  const step = spacing > 0 ? Math.max(1, Math.ceil((widest + gap) / spacing)) : n;
  const shown: number[] = [];
  for (let i = 0; i < n; i += step) shown.push(i);
  const last = shown[shown.length - 1];
  if (last !== n - 1 && (n - 1 - last) * spacing >= widest + gap) shown.push(n - 1);
  return shown;
}

/** Moves labels (by baseline y) apart so that none overlaps the next, keeping them within [top, bottom]. */
export function spreadLabels(ys: number[], lineHeight: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k++) order[k].y = Math.max(order[k].y, order[k - 1].y + lineHeight);
  const over = order.length ? order[order.length - 1].y - bottom : 0;
  if (over > 0) for (const o of order) o.y -= over;
  for (let k = 0; k < order.length; k++) order[k].y = Math.max(order[k].y, top + k * lineHeight);
  const out = [...ys];
  for (const o of order) out[o.i] = o.y;
  return out;
}

function titleMarks(title: string, width: number): { texts: TextMark[]; height: number } {
  const lines = wrapText(title, 13, width - 16, 3);
  return { texts: lines.map((text, i) => ({ x: 8, y: 16 + i * 17, text, size: 13, anchor: 'start' as const, bold: true })), height: 8 + lines.length * 17 };
}

/** Legend entries flowed into rows across the width. */
function legendMarks(names: string[], width: number, top: number, swatch: 'line' | 'box') {
  const texts: TextMark[] = [];
  const lines: LineMark[] = [];
  const rects: ChartLayout['rects'] = [];
  let x = 8;
  let row = 0;
  names.forEach((raw, i) => {
    const name = wrapText(raw, 11, width - 60, 1)[0] ?? '';
    const w = 22 + textWidth(name, 11) + 16;
    if (x > 8 && x + w > width - 8) {
      x = 8;
      row += 1;
    }
    const y = top + row * 16 + 10;
    const colour = COLOURS[i % COLOURS.length];
    if (swatch === 'line') lines.push({ x1: x, x2: x + 18, y1: y - 4, y2: y - 4, colour, width: 3 });
    else rects.push({ x, y: y - 9, w: 14, h: 10, colour });
    texts.push({ x: x + 22, y, text: name, size: 11, anchor: 'start' });
    x += w;
  });
  return { texts, lines, rects, height: names.length ? (row + 1) * 16 + 4 : 0 };
}

export interface LineLayoutInput {
  title: string;
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
  rules?: { label: string; value: number; dashed?: boolean }[];
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

export function layoutLineChart(input: LineLayoutInput): ChartLayout {
  const W = input.width ?? 640;
  const title = titleMarks(input.title, W);
  const all = [...input.series.flatMap((s) => s.values.filter((v): v is number => v !== null)), ...(input.rules ?? []).map((r) => r.value)];
  const max = niceMax(Math.max(0, ...all));
  const yTicks = [0, 1, 2, 3, 4].map((k) => (max / 4) * k);
  const widestLabel = Math.max(0, ...input.labels.map((l) => textWidth(l, 11)));
  const ruleW = Math.max(0, ...(input.rules ?? []).map((r) => textWidth(r.label, 11)));
  const legend = input.series.length > 1 ? input.series.map((s) => s.name) : [];
  const legendProbe = legendMarks(legend, W, 0, 'line');
  const m = {
    l: Math.max(24 + Math.max(...yTicks.map((v) => textWidth(fmtTick(v), 11))) + 8, widestLabel / 2 + 4),
    r: Math.max(ruleW ? ruleW + 10 : 12, widestLabel / 2 + 4),
    t: title.height + 10,
    b: 20 + 20 + legendProbe.height + 4,
  };
  const H = (input.height ?? 300) + title.height + legendProbe.height;
  const w = W - m.l - m.r;
  const h = H - m.t - m.b;
  const n = input.labels.length;
  const x = (i: number) => m.l + (n <= 1 ? w / 2 : (i / (n - 1)) * w);
  const y = (v: number) => m.t + h - (v / max) * h;
  const L: ChartLayout = { width: W, height: H, texts: [...title.texts], lines: [], polylines: [], circles: [], rects: [] };
  for (const v of yTicks) {
    L.lines.push({ x1: m.l, x2: m.l + w, y1: y(v), y2: y(v), colour: '#b1b4b6', width: 0.5 });
    L.texts.push({ x: m.l - 6, y: y(v) + 4, text: fmtTick(v), size: 11, anchor: 'end' });
  }
  L.lines.push(
    { x1: m.l, x2: m.l, y1: m.t, y2: m.t + h, colour: '#0b0c0c', width: 1 },
    { x1: m.l, x2: m.l + w, y1: m.t + h, y2: m.t + h, colour: '#0b0c0c', width: 1 },
  );
  for (const i of thinTicks(input.labels, n <= 1 ? w : w / (n - 1), 11)) {
    L.lines.push({ x1: x(i), x2: x(i), y1: m.t + h, y2: m.t + h + 4, colour: '#0b0c0c', width: 1 });
    L.texts.push({ x: x(i), y: m.t + h + 16, text: input.labels[i], size: 11, anchor: 'middle' });
  }
  L.texts.push({ x: m.l + w / 2, y: m.t + h + 36, text: input.xLabel ?? 'Month', size: 11, anchor: 'middle', bold: true });
  L.texts.push({ x: 12, y: m.t + h / 2, text: input.yLabel ?? '', size: 11, anchor: 'middle', bold: true, rotate: true });
  const rules = input.rules ?? [];
  const labelYs = spreadLabels(
    rules.map((r) => y(r.value) + 4),
    13,
    m.t + 4,
    m.t + h + 4,
  );
  rules.forEach((r, i) => {
    L.lines.push({ x1: m.l, x2: m.l + w, y1: y(r.value), y2: y(r.value), colour: '#505a5f', width: 1, dashed: r.dashed });
    L.texts.push({ x: m.l + w + 4, y: labelYs[i], text: r.label, size: 11, anchor: 'start' });
  });
  input.series.forEach((s, si) => {
    const colour = COLOURS[si % COLOURS.length];
    let seg: [number, number][] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (seg.length > 1) L.polylines.push({ points: seg, colour });
        seg = [];
        return;
      }
      seg.push([x(i), y(v)]);
      L.circles.push({ x: x(i), y: y(v), r: 3, colour });
    });
    if (seg.length > 1) L.polylines.push({ points: seg, colour });
  });
  const lg = legendMarks(legend, W, H - legendProbe.height, 'line');
  L.texts.push(...lg.texts);
  L.lines.push(...lg.lines);
  return L;
}

export interface BarLayoutInput {
  title: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  valueLabel?: string;
  width?: number;
}

/** Horizontal grouped bars: one row per category, one bar per series, a value axis below. */
export function layoutBarChart(input: BarLayoutInput): ChartLayout {
  const W = input.width ?? 640;
  const title = titleMarks(input.title, W);
  const max = niceMax(Math.max(0, ...input.series.flatMap((s) => s.values)));
  const labelW = Math.min(W * 0.38, Math.max(40, ...input.categories.map((c) => textWidth(c, 11))));
  const wrapped = input.categories.map((c) => wrapText(c, 11, labelW, 2));
  const valueW = Math.max(30, ...input.series.flatMap((s) => s.values.map((v) => textWidth(fmtTick(v), 10)))) + 8;
  const barH = 12;
  const legend = legendMarks(input.series.length > 1 ? input.series.map((s) => s.name) : [], W, 0, 'box');
  const m = { l: labelW + 14, r: valueW, t: title.height + 10 };
  const w = W - m.l - m.r;
  const rowHs = wrapped.map((lines) => Math.max(input.series.length * barH + 10, lines.length * 13 + 8));
  const plotH = rowHs.reduce((a, b) => a + b, 0);
  const H = m.t + plotH + 40 + legend.height;
  const L: ChartLayout = { width: W, height: H, texts: [...title.texts], lines: [], polylines: [], circles: [], rects: [] };
  const ticks = [0, 1, 2, 3, 4].map((k) => (max / 4) * k);
  for (const v of ticks) {
    const tx = m.l + (v / max) * w;
    L.lines.push({ x1: tx, x2: tx, y1: m.t, y2: m.t + plotH, colour: '#b1b4b6', width: 0.5 });
    L.texts.push({ x: tx, y: m.t + plotH + 14, text: fmtTick(v), size: 11, anchor: 'middle' });
  }
  L.lines.push({ x1: m.l, x2: m.l, y1: m.t, y2: m.t + plotH, colour: '#0b0c0c', width: 1 });
  L.texts.push({ x: m.l + w / 2, y: m.t + plotH + 32, text: input.valueLabel ?? '', size: 11, anchor: 'middle', bold: true });
  let y0 = m.t;
  wrapped.forEach((lines, ci) => {
    const rowH = rowHs[ci];
    lines.forEach((text, li) => L.texts.push({ x: m.l - 6, y: y0 + rowH / 2 + 4 - ((lines.length - 1) * 13) / 2 + li * 13, text, size: 11, anchor: 'end' }));
    const barsTop = y0 + (rowH - input.series.length * barH) / 2;
    input.series.forEach((s, si) => {
      const v = s.values[ci] ?? 0;
      const bw = (v / max) * w;
      L.rects.push({ x: m.l, y: barsTop + si * barH + 1, w: bw, h: barH - 2, colour: COLOURS[si % COLOURS.length] });
      L.texts.push({ x: m.l + bw + 4, y: barsTop + si * barH + barH - 3, text: fmtTick(v), size: 10, anchor: 'start' });
    });
    y0 += rowH;
  });
  const lg = legendMarks(input.series.length > 1 ? input.series.map((s) => s.name) : [], W, H - legend.height, 'box');
  L.texts.push(...lg.texts);
  L.rects.push(...lg.rects);
  return L;
}
