import { allQuestions, answerText, optionsOf, PREFER_NOT_TO_SAY, type Answers, type Question, type SurveyDefinition } from './surveyDefinition.js';

/** The parts of a response the analysis reads. */
export interface AnalysedResponse {
  id: string;
  channel: string;
  areaCode: string | null;
  answers: Answers;
}

export interface ResponseFilter {
  area?: string;
  channel?: string;
  /** A demographic (or any choice) question and the value it must have. */
  question?: string;
  value?: string;
}

export function applyFilter(rows: AnalysedResponse[], f: ResponseFilter): AnalysedResponse[] {
  return rows.filter((r) => {
    if (f.area && r.areaCode !== f.area) return false;
    if (f.channel && r.channel !== f.channel) return false;
    if (f.question && f.value) {
      const a = r.answers[f.question];
      if (Array.isArray(a) ? !a.includes(f.value) : String(a ?? '') !== f.value) return false;
    }
    return true;
  });
}

export interface CountRow {
  value: string;
  label: string;
  count: number;
  percent: number;
}

export type QuestionSummary =
  | { question: Question; kind: 'counts'; answered: number; rows: CountRow[] }
  | {
      question: Question;
      kind: 'rank';
      answered: number;
      rows: { value: string; label: string; points: number; firstChoices: number; meanRank: number | null }[];
    }
  | { question: Question; kind: 'number'; answered: number; mean: number | null; median: number | null; min: number | null; max: number | null }
  | { question: Question; kind: 'text'; answered: number };

const pct = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : 0);

/** Per-question counts of a set of responses. `areaName` names area codes. */
export function summarise(def: SurveyDefinition, rows: AnalysedResponse[], areaName: (code: string) => string = (c) => c): QuestionSummary[] {
  return allQuestions(def).map((q): QuestionSummary => {
    const answers = rows.map((r) => r.answers[q.id]).filter((a) => a !== undefined && a !== null && a !== '');
    const answered = answers.length;
    if (q.type === 'text') return { question: q, kind: 'text', answered };
    if (q.type === 'number') {
      const ns = answers
        .map(Number)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const mid = ns.length ? (ns.length % 2 ? ns[(ns.length - 1) / 2] : (ns[ns.length / 2 - 1] + ns[ns.length / 2]) / 2) : null;
      return {
        question: q,
        kind: 'number',
        answered,
        mean: ns.length ? Math.round((ns.reduce((s, n) => s + n, 0) / ns.length) * 10) / 10 : null,
        median: mid,
        min: ns[0] ?? null,
        max: ns.length ? ns[ns.length - 1] : null,
      };
    }
    if (q.type === 'rank') {
      const opts = optionsOf(q);
      const need = Math.min(q.rankCount ?? opts.length, opts.length);
      const out = opts.map((o) => {
        let points = 0;
        let first = 0;
        let sum = 0;
        let n = 0;
        for (const a of answers) {
          const rank = a && typeof a === 'object' && !Array.isArray(a) ? a[o.value] : undefined;
          if (rank === undefined) continue;
          points += need - rank + 1; // Borda count: first choice scores most
          if (rank === 1) first++;
          sum += rank;
          n++;
        }
        return { value: o.value, label: o.label, points, firstChoices: first, meanRank: n ? Math.round((sum / n) * 100) / 100 : null };
      });
      out.sort((a, b) => b.points - a.points || a.label.localeCompare(b.label));
      return { question: q, kind: 'rank', answered, rows: out };
    }
    // Choice questions and areas: a count per value (options first, then anything else given).
    const counts = new Map<string, number>();
    for (const a of answers) for (const v of Array.isArray(a) ? a : [String(a)]) counts.set(v, (counts.get(v) ?? 0) + 1);
    const known = q.type === 'area' ? [] : optionsOf(q).map((o) => o.value);
    const values = [...known, ...[...counts.keys()].filter((v) => !known.includes(v)).sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))];
    const rowsOut = values.map((v) => ({
      value: v,
      label: q.type === 'area' ? (v === PREFER_NOT_TO_SAY ? v : areaName(v)) : answerText(q, v),
      count: counts.get(v) ?? 0,
      percent: pct(counts.get(v) ?? 0, answered),
    }));
    return { question: q, kind: 'counts', answered, rows: rowsOut };
  });
}

export interface CrossTab {
  rowLabels: { value: string; label: string }[];
  columns: { value: string; label: string }[];
  /** cells[row][column] */
  cells: number[][];
  columnTotals: number[];
}

/**
 * Cross-tabulates a choice question by channel, area or another choice question: the count of
 * each answer in each group (respondents with no answer to either are left out).
 */
export function crossTab(
  def: SurveyDefinition,
  rows: AnalysedResponse[],
  questionId: string,
  by: string,
  areaName: (code: string) => string = (c) => c,
): CrossTab | null {
  const q = allQuestions(def).find((x) => x.id === questionId);
  if (!q || !['single', 'multiple', 'likert', 'area'].includes(q.type)) return null;
  const groupOf = (r: AnalysedResponse): string[] => {
    if (by === 'channel') return [r.channel];
    if (by === 'area') return r.areaCode ? [r.areaCode] : [];
    const a = r.answers[by];
    return a === undefined || a === null ? [] : Array.isArray(a) ? a : [String(a)];
  };
  const byQ = allQuestions(def).find((x) => x.id === by);
  const labelOfGroup = (v: string) => (by === 'area' ? areaName(v) : byQ ? answerText(byQ, v, areaName) : v);
  const groups = new Set<string>();
  const answerValues = new Set<string>(q.type === 'area' ? [] : optionsOf(q).map((o) => o.value));
  for (const r of rows) {
    const a = r.answers[q.id];
    if (a === undefined || a === null) continue;
    for (const g of groupOf(r)) groups.add(g);
    for (const v of Array.isArray(a) ? a : [String(a)]) answerValues.add(v);
  }
  const columnsOrder =
    byQ && byQ.type !== 'area'
      ? [
          ...optionsOf(byQ)
            .map((o) => o.value)
            .filter((v) => groups.has(v)),
          ...[...groups].filter((g) => !optionsOf(byQ).some((o) => o.value === g)).sort(),
        ]
      : [...groups].sort();
  const rowValues = [...answerValues];
  const cells = rowValues.map(() => columnsOrder.map(() => 0));
  const totals = columnsOrder.map(() => 0);
  for (const r of rows) {
    const a = r.answers[q.id];
    if (a === undefined || a === null) continue;
    for (const g of groupOf(r)) {
      const ci = columnsOrder.indexOf(g);
      if (ci < 0) continue;
      totals[ci]++;
      for (const v of Array.isArray(a) ? a : [String(a)]) cells[rowValues.indexOf(v)][ci]++;
    }
  }
  return {
    rowLabels: rowValues.map((v) => ({ value: v, label: q.type === 'area' ? areaName(v) : answerText(q, v) })),
    columns: columnsOrder.map((v) => ({ value: v, label: labelOfGroup(v) })),
    cells,
    columnTotals: totals,
  };
}

export interface RepresentativenessRow {
  code: string;
  name: string;
  respondents: number;
  respondentShare: number;
  population: number;
  populationShare: number;
  /** respondents' share ÷ population share: 1 = represented in proportion. */
  ratio: number | null;
}

/** Respondents by area against the population of each area (only areas with a population). */
export function representativeness(
  counts: Map<string, number>,
  areas: { code: string; name: string; population: number | null | undefined }[],
): RepresentativenessRow[] | null {
  const withPop = areas.filter((a): a is { code: string; name: string; population: number } => typeof a.population === 'number' && a.population > 0);
  if (!withPop.length) return null;
  const totalPop = withPop.reduce((s, a) => s + a.population, 0);
  const totalResp = withPop.reduce((s, a) => s + (counts.get(a.code) ?? 0), 0);
  return withPop.map((a) => {
    const respondents = counts.get(a.code) ?? 0;
    const respondentShare = pct(respondents, totalResp);
    const populationShare = pct(a.population, totalPop);
    return {
      code: a.code,
      name: a.name,
      respondents,
      respondentShare,
      population: a.population,
      populationShare,
      ratio: populationShare ? Math.round((respondentShare / populationShare) * 100) / 100 : null,
    };
  });
}
