import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './returnTo.js';

describe('safeReturnTo', () => {
  it('keeps a path of this site, with its query', () => {
    expect(safeReturnTo('/admin/plans?status=draft')).toBe('/admin/plans?status=draft');
  });

  it('percent-encodes characters a header cannot carry', () => {
    expect(safeReturnTo('/€')).toBe('/%E2%82%AC');
    expect(safeReturnTo('/．/evil.example')).toBe('/%EF%BC%8E/evil.example');
  });

  it.each([
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['/\n/evil.example'],
    ['/\t/evil.example'],
    ['/\r\nSet-Cookie: x=1'],
    ['/\u0000'],
    ['/\u0085'],
    ['https://evil.example/'],
    ['evil.example'],
    ['/.//evil.example'],
    [''],
    [undefined],
    [42],
  ])('refuses %j and sends people to the staff home', (value) => {
    expect(safeReturnTo(value)).toBe('/admin');
  });
});
