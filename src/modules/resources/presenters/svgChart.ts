import { escapeXml } from '../../../platform/svg.js';

export interface BarSeries {
  name: string;
  /** One value per category (null = no figure). */
  values: (number | null)[];
  colour: string;
}

export interface BarChartInput {
  title: string;
  /** The x-axis categories, e.g. financial years. */
  categories: string[];
  series: BarSeries[];
  /** A horizontal reference line, e.g. a target. */
  line?: { label: string; value: number };
  format: (v: number) => string;
  width?: number;
  height?: number;
}

/**
 * A grouped bar chart as an SVG string, for server rendering (no JavaScript). It is an image
 * with a title; the same figures are always shown in a table beside it.
 */
export function barChartSvg(input: BarChartInput): string {
  const width = input.width ?? 640;
  const height = input.height ?? 300;
  const m = { top: 20, right: 20, bottom: 60, left: 90 };
  const w = width - m.left - m.right;
  const h = height - m.top - m.bottom;
  const all = input.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (input.line) all.push(input.line.value);
  const step = niceStep(Math.max(1, ...all) / 4);
  const max = step * Math.ceil((Math.max(1, ...all) * 1.05) / step);
  const ticks = Math.round(max / step);
  const y = (v: number) => m.top + h - (Math.max(0, v) / max) * h;
  const groupW = input.categories.length ? w / input.categories.length : w;
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, input.series.length));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" font-family="Arial, Helvetica, sans-serif" role="img" aria-labelledby="chart-title-${slug(input.title)}" class="app-chart">`,
  );
  parts.push(`<title id="chart-title-${slug(input.title)}">${escapeXml(input.title)}</title>`);
  // y axis: 4 ticks
  for (let i = 0; i <= ticks; i++) {
    const v = step * i;
    const yy = y(v);
    parts.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" stroke="#b1b4b6" stroke-width="1"/>`);
    parts.push(`<text x="${m.left - 6}" y="${(yy + 4).toFixed(1)}" text-anchor="end" font-size="12" fill="#0b0c0c">${escapeXml(input.format(v))}</text>`);
  }
  input.categories.forEach((c, ci) => {
    const gx = m.left + ci * groupW + groupW * 0.1;
    input.series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === null || v === undefined) return;
      const x = gx + si * barW;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(m.top + h - y(v)).toFixed(1)}" fill="${escapeXml(s.colour)}"><title>${escapeXml(`${s.name}, ${c}: ${input.format(v)}`)}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${(m.left + ci * groupW + groupW / 2).toFixed(1)}" y="${m.top + h + 18}" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeXml(c)}</text>`,
    );
  });
  if (input.line) {
    const ly = y(input.line.value).toFixed(1);
    parts.push(`<line x1="${m.left}" x2="${m.left + w}" y1="${ly}" y2="${ly}" stroke="#d4351c" stroke-width="2" stroke-dasharray="6 4"/>`);
    parts.push(
      `<text x="${m.left + w}" y="${(Number(ly) - 6).toFixed(1)}" text-anchor="end" font-size="12" fill="#d4351c">${escapeXml(input.line.label)}</text>`,
    );
  }
  // legend
  let lx = m.left;
  for (const s of input.series) {
    parts.push(`<rect x="${lx}" y="${height - 22}" width="12" height="12" fill="${escapeXml(s.colour)}"/>`);
    parts.push(`<text x="${lx + 16}" y="${height - 12}" font-size="12" fill="#0b0c0c">${escapeXml(s.name)}</text>`);
    lx += 24 + s.name.length * 7;
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A round step for axis ticks: 1, 2 or 5 times a power of ten. */
export function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function slug(s: string) {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'chart'
  );
}
