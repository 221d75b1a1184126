/**
 * A line chart: one line per series over evenly spaced periods, optional reference lines (the
 * usual range, the average, a target) labelled at the right, a value axis that always holds zero
 * and any negative figure, labelled axes and a legend when there is more than one series. Pure.
 */
import { fmtTick, niceScale, textWidth, thinTicks, wrapText } from './axes.js';
import {
  axisTitle,
  colourOf,
  emptyLayout,
  GRID,
  headerMarks,
  INK,
  legendMarks,
  ruleMarks,
  ruleText,
  SIZE,
  textLines,
  type ChartBase,
  type ChartLayout,
  type Rule,
  type Series,
} from './layout.js';

export interface LineChartInput extends ChartBase {
  /** One per point, e.g. "Jan 2025"; long labels are cut, and thinned so that none overlaps the next. */
  labels: string[];
  series: Series[];
  /** Horizontal reference lines: the usual range, the average, the target. */
  rules?: Rule[];
  /** The axes' titles, e.g. "Month" and "Crimes per 1,000 people". */
  xLabel: string;
  yLabel: string;
  /** The plot's height (the chart adds its title, axes and legend around it). */
  height?: number;
}

/** Every other tick (or fewer) when the ticks stand closer than a line of text. */
export function keepEvery(count: number, spacing: number, needed: number): number[] {
  const step = spacing > 0 ? Math.max(1, Math.ceil(needed / spacing)) : count;
  return Array.from({ length: count }, (_, i) => i).filter((i) => i % step === 0);
}

export function layoutLineChart(input: LineChartInput): ChartLayout {
  const W = input.width ?? 640;
  const L = emptyLayout(W);
  const header = headerMarks(input.title, input.period, W);
  const yTitle = textLines(input.yLabel, 8, header.bottom + 12 + SIZE.small * 0.8, W - 16, SIZE.small, { bold: true, maxLines: 2 });
  const rules = (input.rules ?? []).filter((r) => Number.isFinite(r.value));
  const scale = niceScale([...input.series.flatMap((s) => s.values.filter((v): v is number => v !== null)), ...rules.map((r) => r.value)]);
  const step = scale.ticks[1] - scale.ticks[0];
  const format = input.format ?? ((v: number) => fmtTick(v, step));
  const xLabels = input.labels.map((l) => wrapText(l, SIZE.small, W * 0.3, 1)[0] ?? '');
  const n = xLabels.length;
  const legendSeries = input.series.length > 1 ? input.series : [];
  const legendHeight = legendMarks(legendSeries, W, 0, 'line').height;
  const edge = (i: number) => (n ? textWidth(xLabels[i], SIZE.small) / 2 + 8 : 0);
  const m = {
    l: Math.max(8 + Math.max(...scale.ticks.map((v) => textWidth(format(v), SIZE.small))) + 8, edge(0)),
    r: Math.max(rules.length ? Math.max(...rules.map((r) => textWidth(ruleText(r, W), SIZE.small))) + 12 : 12, n ? edge(n - 1) : 0),
    t: yTitle.bottom + 14,
  };
  const h = input.height ?? 240;
  const w = W - m.l - m.r;
  const bottom = m.t + h;
  const xTitle = axisTitle(input.xLabel, W, bottom + 36);
  L.height = xTitle.bottom + 8 + legendHeight;
  const x = (i: number) => m.l + (n <= 1 ? w / 2 : (i / (n - 1)) * w);
  const y = (v: number) => bottom - ((v - scale.min) / (scale.max - scale.min)) * h;
  L.texts.push(...header.texts, ...yTitle.texts);
  for (const k of keepEvery(scale.ticks.length, h / Math.max(1, scale.ticks.length - 1), SIZE.small + 4)) {
    const v = scale.ticks[k];
    L.lines.push({ x1: m.l, x2: m.l + w, y1: y(v), y2: y(v), colour: v === 0 && scale.min < 0 ? INK : GRID, width: v === 0 && scale.min < 0 ? 1 : 0.5 });
    L.texts.push({ x: m.l - 6, y: y(v) + 4, text: format(v), size: SIZE.small, anchor: 'end' });
  }
  L.lines.push({ x1: m.l, x2: m.l, y1: m.t, y2: bottom, colour: INK, width: 1 }, { x1: m.l, x2: m.l + w, y1: bottom, y2: bottom, colour: INK, width: 1 });
  for (const i of thinTicks(xLabels, n <= 1 ? w : w / (n - 1), SIZE.small)) {
    L.lines.push({ x1: x(i), x2: x(i), y1: bottom, y2: bottom + 4, colour: INK, width: 1 });
    L.texts.push({ x: x(i), y: bottom + 16, text: xLabels[i], size: SIZE.small, anchor: 'middle' });
  }
  L.texts.push(...xTitle.texts);
  const r = ruleMarks(rules, W, { l: m.l, r: m.l + w, t: m.t, b: bottom }, y);
  L.texts.push(...r.texts);
  L.lines.push(...r.lines);
  input.series.forEach((s, si) => {
    const colour = colourOf(s, si);
    let seg: [number, number][] = [];
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        if (seg.length > 1) L.polylines.push({ points: seg, colour });
        seg = [];
        return;
      }
      seg.push([x(i), y(v)]);
      L.circles.push({ x: x(i), y: y(v), r: 3, colour });
    });
    if (seg.length > 1) L.polylines.push({ points: seg, colour });
  });
  const lg = legendMarks(legendSeries, W, L.height - legendHeight, 'line');
  L.texts.push(...lg.texts);
  L.lines.push(...lg.lines);
  return L;
}
