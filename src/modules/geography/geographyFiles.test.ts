import { describe, expect, it } from 'vitest';
import { ImportRefused } from '../../platform/importKit.js';
import { parseGeographyFile } from './geographyFiles.js';

describe('parseGeographyFile', () => {
  it('recognises an LSOA → ward → LAD lookup of any vintage, with a BOM', () => {
    const f = parseGeographyFile(
      'x.csv',
      '\uFEFFLSOA21CD,LSOA21NM,WD23CD,WD23NM,LAD23CD,LAD23NM\nE01011951,Hartlepool 007A,E05013038,Burn Valley,E06000001,Hartlepool\n',
    );
    expect(f).toMatchObject({
      kind: 'lsoa-lookup',
      lsoaVintage: '2021',
      wardVintage: '2023',
      ladVintage: '2023',
      rows: [{ lsoa: 'E01011951', ward: 'E05013038', lad: 'E06000001', wardName: 'Burn Valley' }],
    });
  });
  it('recognises LAD → CSP → PFA and PFA names', () => {
    expect(
      parseGeographyFile('x.csv', 'FID,LAD19CD,LAD19NM,CSP19CD,CSP19NM,PFA19CD,PFA19NM\n1,E06000001,Hartlepool,E22000027,Hartlepool,E23000013,Cleveland\n')
        .kind,
    ).toBe('lad-csp-pfa');
    expect(parseGeographyFile('x.csv', 'FID,PFA19CD,PFA19NM\n1,E23000013,Cleveland\n')).toMatchObject({
      kind: 'pfa-names',
      rows: [{ pfa: 'E23000013', name: 'Cleveland' }],
    });
  });
  it('reads ward and LSOA GeoJSON', () => {
    const gj = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { WD25CD: 'E05009853', WD25NM: 'Acklam', LAD25CD: 'E06000002' }, geometry: { type: 'Point', coordinates: [0, 0] } },
      ],
    });
    expect(parseGeographyFile('w.geojson', gj)).toMatchObject({
      kind: 'boundaries',
      level: 'ward',
      features: [{ code: 'E05009853', name: 'Acklam', ladCode: 'E06000002' }],
    });
  });
  it('names line and column of a bad code and refuses unknown files', () => {
    try {
      parseGeographyFile('x.csv', 'LSOA21CD,WD23CD,LAD23CD\nE01011951,E05013038,E06000001\nE01011952,nonsense,E06000001\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ImportRefused);
      expect(e instanceof ImportRefused && e.problems).toEqual([{ line: 3, column: 2, field: 'WD23CD', message: '"nonsense" is not an ONS area code' }]);
    }
    expect(() => parseGeographyFile('x.csv', 'a,b\n1,2\n')).toThrow(/Not a supported geography file/);
  });
});
