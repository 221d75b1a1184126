import { describe, expect, it } from 'vitest';
import { applyFilter, crossTab, representativeness, summarise, type AnalysedResponse } from './analysis.js';
import type { SurveyDefinition } from './surveyDefinition.js';

const opts = (...v: string[]) => v.map((x) => ({ value: x, label: x }));
const def: SurveyDefinition = {
  intro: '',
  privacyNotice: '',
  sections: [
    {
      id: 's',
      title: 'S',
      questions: [
        { id: 'safe', type: 'single', label: 'Safe?', required: true, options: opts('Yes', 'No') },
        { id: 'rank', type: 'rank', label: 'Rank', required: true, options: opts('A', 'B') },
        { id: 'n', type: 'number', label: 'N', required: false },
        { id: 'sex', type: 'single', label: 'Sex', required: false, demographic: 'sex', options: opts('Female', 'Male') },
      ],
    },
  ],
};
const rows: AnalysedResponse[] = [
  { id: '1', channel: 'online', areaCode: 'X', answers: { safe: 'Yes', rank: { A: 1, B: 2 }, n: 1, sex: 'Female' } },
  { id: '2', channel: 'online', areaCode: 'Y', answers: { safe: 'No', rank: { A: 2, B: 1 }, n: 3, sex: 'Male' } },
  { id: '3', channel: 'roadshow', areaCode: 'X', answers: { safe: 'Yes', rank: { A: 1, B: 2 }, n: 8, sex: 'Female' } },
];

describe('analysis', () => {
  it('counts answers with percentages, Borda points for ranks and number statistics', () => {
    const [safe, rank, n] = summarise(def, rows);
    expect(safe).toMatchObject({
      kind: 'counts',
      answered: 3,
      rows: [
        { value: 'Yes', count: 2, percent: 66.7 },
        { value: 'No', count: 1, percent: 33.3 },
      ],
    });
    expect(rank).toMatchObject({
      kind: 'rank',
      rows: [
        { value: 'A', points: 5, firstChoices: 2, meanRank: 1.33 },
        { value: 'B', points: 4, firstChoices: 1 },
      ],
    });
    expect(n).toMatchObject({ kind: 'number', mean: 4, median: 3, min: 1, max: 8 });
  });
  it('filters by area, channel and demographic', () => {
    expect(applyFilter(rows, { area: 'X' }).map((r) => r.id)).toEqual(['1', '3']);
    expect(applyFilter(rows, { channel: 'roadshow' }).map((r) => r.id)).toEqual(['3']);
    expect(applyFilter(rows, { question: 'sex', value: 'Male' }).map((r) => r.id)).toEqual(['2']);
  });
  it('cross-tabulates a question by channel or by a demographic', () => {
    const t = crossTab(def, rows, 'safe', 'channel')!;
    expect(t.columns.map((c) => c.value)).toEqual(['online', 'roadshow']);
    expect(t.cells).toEqual([
      [1, 1],
      [1, 0],
    ]);
    const bySex = crossTab(def, rows, 'safe', 'sex')!;
    expect(bySex.columns.map((c) => c.value)).toEqual(['Female', 'Male']);
    expect(bySex.columnTotals).toEqual([2, 1]);
    expect(crossTab(def, rows, 'rank', 'channel')).toBeNull();
  });
  it('compares respondents with population by area, only where population exists', () => {
    const r = representativeness(
      new Map([
        ['X', 2],
        ['Y', 1],
      ]),
      [
        { code: 'X', name: 'X', population: 100 },
        { code: 'Y', name: 'Y', population: 300 },
        { code: 'Z', name: 'Z', population: null },
      ],
    )!;
    expect(r.map((x) => [x.code, x.respondentShare, x.populationShare, x.ratio])).toEqual([
      ['X', 66.7, 25, 2.67],
      ['Y', 33.3, 75, 0.44],
    ]);
    expect(representativeness(new Map(), [{ code: 'X', name: 'X', population: null }])).toBeNull();
  });
});
