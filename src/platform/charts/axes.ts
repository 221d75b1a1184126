/**
 * Measuring and scales for the chart kit. Text is measured with a fixed per-character estimate
 * (generous for the fonts a browser, Word or a PDF uses), so ticks can be thinned, labels wrapped
 * and moved until no two overlap, without a font engine. Pure.
 */
import { formatNumber } from '../format.js';

/** Width of a character as a share of the font size. */
export const CHAR_WIDTH = 0.62;
export const textWidth = (s: string, size: number) => s.length * size * CHAR_WIDTH;

export type Anchor = 'start' | 'middle' | 'end';
/** [left, top, right, bottom] */
export type Box = [number, number, number, number];

/** The box a text takes, from its baseline position, anchor, font size and length. */
export function textBox(t: { x: number; y: number; text: string; size: number; anchor: Anchor }): Box {
  const w = textWidth(t.text, t.size);
  const x0 = t.anchor === 'start' ? t.x : t.anchor === 'middle' ? t.x - w / 2 : t.x - w;
  return [x0, t.y - t.size * 0.8, x0 + w, t.y + t.size * 0.2];
}

export const boxesOverlap = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** Splits text into lines no wider than `width` (a word longer than that is cut with an ellipsis). */
export function wrapText(text: string, size: number, width: number, maxLines = 3): string[] {
  const perLine = Math.max(1, Math.floor(width / (size * CHAR_WIDTH)));
  const cut = (s: string) => (perLine > 1 ? `${s.slice(0, perLine - 1)}…` : '…');
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = word.length > perLine ? cut(word) : word;
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
    kept[maxLines - 1] = cut(`${kept[maxLines - 1]} `);
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

/** A round step for axis ticks: 1, 2 or 5 times a power of ten. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

export interface Scale {
  min: number;
  max: number;
  /** From min to max, one step apart; 0 is always one of them. */
  ticks: number[];
}

/** A value axis from round numbers that holds every value and zero, with about `count` steps. */
export function niceScale(values: number[], count = 4): Scale {
  const finite = values.filter((v) => Number.isFinite(v));
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  const step = niceStep((hi - lo) / count || 1);
  const min = Math.floor(lo / step + 1e-9) * step;
  // (+ 0 turns a -0 into 0)
  const max = Math.max(min + step, Math.ceil(hi / step - 1e-9) * step) + 0;
  const ticks: number[] = [];
  for (let k = 0; min + k * step <= max + step * 1e-9; k++) ticks.push(Number((min + k * step).toPrecision(12)));
  return { min, max, ticks };
}

/** A tick's figure: as many decimals as the step needs (at most two), in UK English. */
export function fmtTick(n: number, step = 1): string {
  const decimals = Math.min(2, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  return formatNumber(n, Math.max(decimals, Math.abs(n) < 10 && !Number.isInteger(n) ? 2 : 0));
}
