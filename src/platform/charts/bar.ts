/**
 * Bar charts. `layoutBarChart`: horizontal bars, one row per category (long names wrap beside
 * the bars), one bar per series, each with its figure, and a value axis below. `layoutColumnChart`:
 * vertical bars, one group per category along the bottom (e.g. financial years), with optional
 * reference lines such as a target. Both hold zero and negative figures, and label both axes. Pure.
 */
import { CHAR_WIDTH, fmtTick, niceScale, textWidth, thinTicks, wrapText } from './axes.js';
import { keepEvery } from './line.js';
import {
  axisTitle,
  colourOf,
  emptyLayout,
  GRID,
  headerMarks,
  INK,
  legendMarks,
  LINE_GAP,
  ruleMarks,
  ruleText,
  SIZE,
  textLines,
  type ChartBase,
  type ChartLayout,
  type Rule,
  type Series,
} from './layout.js';

export interface BarChartInput extends ChartBase {
  categories: string[];
  series: Series[];
  /** What the rows are, e.g. "Answer" or "Crime category" (shown above them). */
  categoryLabel: string;
  /** What the figures are, e.g. "Responses" (shown below the value axis). */
  valueLabel: string;
}

const BAR_H = 15;
const finiteValues = (series: Series[]) => series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));

export function layoutBarChart(input: BarChartInput): ChartLayout {
  const W = input.width ?? 640;
  const L = emptyLayout(W);
  const header = headerMarks(input.title, input.period, W);
  const catTitle = textLines(input.categoryLabel, 8, header.bottom + 12 + SIZE.small * 0.8, W - 16, SIZE.small, { bold: true, maxLines: 2 });
  const values = finiteValues(input.series);
  const scale = niceScale(values);
  const step = scale.ticks[1] - scale.ticks[0];
  const format = input.format ?? ((v: number) => fmtTick(v, step));
  const tickTexts = scale.ticks.map(format);
  const valueW = Math.max(24, ...values.map((v) => textWidth(format(v), SIZE.small))) + 8;
  const labelW = Math.min(W * 0.38, Math.max(40, ...input.categories.map((c) => textWidth(c, SIZE.small))));
  const wrapped = input.categories.map((c) => wrapText(c, SIZE.small, labelW, 3));
  const negative = scale.min < 0;
  const m = {
    l: 8 + labelW + 8 + (negative ? valueW : 0),
    r: Math.max(valueW, textWidth(tickTexts[tickTexts.length - 1], SIZE.small) / 2) + 8,
    t: catTitle.bottom + 10,
  };
  const w = W - m.l - m.r;
  const lineH = SIZE.small + LINE_GAP;
  const rowHs = wrapped.map((lines) => Math.max(Math.max(1, input.series.length) * BAR_H + 10, lines.length * lineH + 8));
  const bottom = m.t + rowHs.reduce((a, b) => a + b, 0);
  const legendSeries = input.series.length > 1 ? input.series : [];
  const legendHeight = legendMarks(legendSeries, W, 0, 'box').height;
  const valueTitle = axisTitle(input.valueLabel, W, bottom + 36);
  L.height = valueTitle.bottom + 8 + legendHeight;
  const x = (v: number) => m.l + ((v - scale.min) / (scale.max - scale.min)) * w;
  L.texts.push(...header.texts, ...catTitle.texts);
  for (const k of thinTicks(tickTexts, w / Math.max(1, scale.ticks.length - 1), SIZE.small)) {
    const tx = x(scale.ticks[k]);
    L.lines.push({ x1: tx, x2: tx, y1: m.t, y2: bottom, colour: GRID, width: 0.5 });
    L.texts.push({ x: tx, y: bottom + 16, text: tickTexts[k], size: SIZE.small, anchor: 'middle' });
  }
  L.lines.push({ x1: x(0), x2: x(0), y1: m.t, y2: bottom, colour: INK, width: 1 }, { x1: m.l, x2: m.l + w, y1: bottom, y2: bottom, colour: INK, width: 1 });
  L.texts.push(...valueTitle.texts);
  let y0 = m.t;
  wrapped.forEach((lines, ci) => {
    const rowH = rowHs[ci];
    const first = y0 + rowH / 2 + 4 - ((lines.length - 1) * lineH) / 2;
    lines.forEach((text, li) => L.texts.push({ x: 8 + labelW, y: first + li * lineH, text, size: SIZE.small, anchor: 'end' }));
    const barsTop = y0 + (rowH - input.series.length * BAR_H) / 2;
    input.series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const [a, b] = [x(Math.min(0, v)), x(Math.max(0, v))];
      const top = barsTop + si * BAR_H;
      L.rects.push({ x: a, y: top + 1, w: b - a, h: BAR_H - 2, colour: colourOf(s, si), tip: `${s.name}, ${input.categories[ci]}: ${format(v)}` });
      L.texts.push({ x: v < 0 ? a - 4 : b + 4, y: top + BAR_H - 3.5, text: format(v), size: SIZE.small, anchor: v < 0 ? 'end' : 'start' });
    });
    y0 += rowH;
  });
  const lg = legendMarks(legendSeries, W, L.height - legendHeight, 'box');
  L.texts.push(...lg.texts);
  L.rects.push(...lg.rects);
  return L;
}

export interface ColumnChartInput extends ChartBase {
  /** Along the bottom, e.g. financial years; long names wrap within their group. */
  categories: string[];
  series: Series[];
  /** Horizontal reference lines, e.g. a target. */
  rules?: Rule[];
  xLabel: string;
  yLabel: string;
  /** The plot's height. */
  height?: number;
}

export function layoutColumnChart(input: ColumnChartInput): ChartLayout {
  const W = input.width ?? 640;
  const L = emptyLayout(W);
  const header = headerMarks(input.title, input.period, W);
  const yTitle = textLines(input.yLabel, 8, header.bottom + 12 + SIZE.small * 0.8, W - 16, SIZE.small, { bold: true, maxLines: 2 });
  const rules = (input.rules ?? []).filter((r) => Number.isFinite(r.value));
  const scale = niceScale([...finiteValues(input.series), ...rules.map((r) => r.value)]);
  const step = scale.ticks[1] - scale.ticks[0];
  const format = input.format ?? ((v: number) => fmtTick(v, step));
  const m = {
    l: 8 + Math.max(...scale.ticks.map((v) => textWidth(format(v), SIZE.small))) + 8,
    r: rules.length ? Math.max(...rules.map((r) => textWidth(ruleText(r, W), SIZE.small))) + 12 : 12,
    t: yTitle.bottom + 14,
  };
  const n = input.categories.length;
  const lineH = SIZE.small + LINE_GAP;
  // Labels wrap within their group (three lines at most) when every word fits; otherwise (e.g.
  // five financial years on a phone) whole labels are thinned instead, with room at either end
  // for the first and the last.
  const room = (W - m.l - m.r) / Math.max(1, n) - 6;
  const whole = (c: string) => c.split(/\s+/).every((word) => textWidth(word, SIZE.small) <= room);
  const roomy = room >= 4 * SIZE.small * CHAR_WIDTH && input.categories.every(whole);
  const cut = input.categories.map((c) => wrapText(c, SIZE.small, W * 0.2, 1)[0] ?? '');
  if (!roomy && n) {
    m.l = Math.max(m.l, textWidth(cut[0], SIZE.small) / 2 + 8);
    m.r = Math.max(m.r, textWidth(cut[n - 1], SIZE.small) / 2 + 8);
  }
  const w = W - m.l - m.r;
  const groupW = w / Math.max(1, n);
  const labelLines = roomy ? input.categories.map((c) => wrapText(c, SIZE.small, groupW - 6, 3)) : cut.map((c) => [c]);
  const shown = roomy ? labelLines.map((_, i) => i) : thinTicks(cut, groupW, SIZE.small);
  const lines = Math.max(1, ...shown.map((i) => labelLines[i].length));
  const h = input.height ?? 220;
  const bottom = m.t + h;
  const xTitle = axisTitle(input.xLabel, W, bottom + 16 + (lines - 1) * lineH + 20);
  const legendSeries = input.series.length > 1 ? input.series : [];
  const legendHeight = legendMarks(legendSeries, W, 0, 'box').height;
  L.height = xTitle.bottom + 8 + legendHeight;
  const y = (v: number) => bottom - ((v - scale.min) / (scale.max - scale.min)) * h;
  L.texts.push(...header.texts, ...yTitle.texts);
  for (const k of keepEvery(scale.ticks.length, h / Math.max(1, scale.ticks.length - 1), SIZE.small + 4)) {
    const v = scale.ticks[k];
    L.lines.push({ x1: m.l, x2: m.l + w, y1: y(v), y2: y(v), colour: v === 0 && scale.min < 0 ? INK : GRID, width: v === 0 && scale.min < 0 ? 1 : 0.5 });
    L.texts.push({ x: m.l - 6, y: y(v) + 4, text: format(v), size: SIZE.small, anchor: 'end' });
  }
  L.lines.push({ x1: m.l, x2: m.l, y1: m.t, y2: bottom, colour: INK, width: 1 }, { x1: m.l, x2: m.l + w, y1: bottom, y2: bottom, colour: INK, width: 1 });
  const barW = (groupW * 0.8) / Math.max(1, input.series.length);
  input.categories.forEach((c, ci) => {
    input.series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const [top, base] = [y(Math.max(0, v)), y(Math.min(0, v))];
      L.rects.push({
        x: m.l + ci * groupW + groupW * 0.1 + si * barW,
        y: top,
        w: Math.max(1, barW - 2),
        h: base - top,
        colour: colourOf(s, si),
        tip: `${s.name}, ${c}: ${format(v)}`,
      });
    });
  });
  for (const i of shown)
    labelLines[i].forEach((text, li) =>
      L.texts.push({ x: m.l + i * groupW + groupW / 2, y: bottom + 16 + li * lineH, text, size: SIZE.small, anchor: 'middle' }),
    );
  L.texts.push(...xTitle.texts);
  const r = ruleMarks(rules, W, { l: m.l, r: m.l + w, t: m.t, b: bottom }, y);
  L.texts.push(...r.texts);
  L.lines.push(...r.lines);
  const lg = legendMarks(legendSeries, W, L.height - legendHeight, 'box');
  L.texts.push(...lg.texts);
  L.rects.push(...lg.rects);
  return L;
}
