import { describe, expect, it } from 'vitest';
import { escapeXml } from '../../../platform/svg.js';
import { barChartSvg } from './svgChart.js';

describe('barChartSvg', () => {
  it('is an image with a title, one bar per figure and the target line', () => {
    const svg = barChartSvg({
      title: 'Police officers <FTE>',
      categories: ['2013/14', '2014/15'],
      series: [
        { name: 'Actual', values: [1441, null], colour: '#1d70b8' },
        { name: 'Plan', values: [1441, 1378], colour: '#505a5f' },
      ],
      line: { label: 'Target 200', value: 200 },
      format: (v) => String(Math.round(v)),
    });
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id=');
    expect(svg).toContain('Police officers &lt;FTE&gt;');
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3);
    expect(svg).toContain('Target 200');
    expect(svg).not.toContain('<FTE>');
  });
  it('escapes every special character', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('niceStep', () => {
  it('rounds to 1, 2 or 5 times a power of ten', async () => {
    const { niceStep } = await import('./svgChart.js');
    expect(niceStep(396)).toBe(500);
    expect(niceStep(150)).toBe(200);
    expect(niceStep(0.8)).toBe(1);
    expect(niceStep(1000)).toBe(1000);
  });
});
