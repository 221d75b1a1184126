import { escapeXml } from '../../platform/svg.js';

export interface Bar {
  label: string;
  value: number;
}

/**
 * A horizontal bar chart as SVG, rendered on the server. Every piece of text is escaped here
 * (labels can come from survey options typed by staff). The page shows a table of the same data.
 */
export function barChartSvg(title: string, bars: Bar[], opts: { unit?: string; max?: number } = {}): string {
  const rowH = 28;
  const labelW = 300;
  const chartW = 360;
  const width = labelW + chartW + 70;
  const height = Math.max(1, bars.length) * rowH + 10;
  const max = opts.max ?? Math.max(1, ...bars.map((b) => b.value));
  const unit = opts.unit ?? '';
  const trim = (s: string) => (s.length > 46 ? `${s.slice(0, 45)}…` : s);
  const rows = bars
    .map((b, i) => {
      const y = i * rowH + 5;
      const w = max > 0 ? Math.round((b.value / max) * chartW) : 0;
      const valueText = `${Number.isInteger(b.value) ? b.value : b.value.toFixed(1)}${unit}`;
      return (
        `<text x="${labelW - 8}" y="${y + 18}" text-anchor="end" class="app-chart__label">${escapeXml(trim(b.label))}</text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 10}" class="app-chart__bar" fill="#1d70b8"></rect>` +
        `<text x="${labelW + w + 6}" y="${y + 18}" class="app-chart__value">${escapeXml(valueText)}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" font-family="Arial, sans-serif" font-size="14" fill="#0b0c0c">` +
    `<title>${escapeXml(title)}</title>${rows}</svg>`
  );
}
