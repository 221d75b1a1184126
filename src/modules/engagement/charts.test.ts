import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../platform/svg.js';
import { barChartSvg } from './charts.js';

describe('bar chart SVG', () => {
  it('escapes labels and the title', () => {
    const svg = barChartSvg('<script>alert(1)</script>', [{ label: '"><img src=x onerror=alert(1)>', value: 3 }]);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('role="img"');
  });
  it('scales bars to the largest value', () => {
    const svg = barChartSvg('t', [
      { label: 'a', value: 10 },
      { label: 'b', value: 5 },
    ]);
    expect(svg).toContain('width="360"');
    expect(svg).toContain('width="180"');
  });
  it('escapes quotes for attributes', () => {
    expect(escapeXml(`a"b'c&`)).toBe('a&quot;b&#39;c&amp;');
  });
});
