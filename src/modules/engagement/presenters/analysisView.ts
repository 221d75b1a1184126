import { applyFilter, crossTab, representativeness, summarise, type AnalysedResponse, type ResponseFilter } from '../analysis.js';
import { barChart } from '../../../platform/charts/svg.js';
import { formatDate } from '../../../platform/views.js';
import { allQuestions, answerText, optionsOf, type Answers, type SurveyDefinition } from '../surveyDefinition.js';
import { CHANNEL_LABELS } from './consultationView.js';

const cell = (text: string | number, numeric = false) => ({ text: String(text), ...(numeric ? { format: 'numeric' } : {}) });

/** Everything the analysis page shows, from the responses and the filter (views never compute). */
export function analysisView(input: {
  definition: SurveyDefinition;
  rows: AnalysedResponse[];
  filter: ResponseFilter;
  crossBy?: string;
  crossQuestion?: string;
  areaName: (code: string) => string;
  areas: { code: string; name: string }[];
  populations: { code: string; name: string; population: number | null }[];
  themeCounts?: { label: string; byArea: Map<string, number>; total: number }[];
  /** The consultation's dates: the period every chart covers. */
  dates: { opensOn: string; closesOn: string };
}) {
  const { definition: def, areaName } = input;
  const period = `Consultation open ${formatDate(input.dates.opensOn)} to ${formatDate(input.dates.closesOn)}`;
  const bars = (title: string, categoryLabel: string, valueLabel: string, rows: { label: string; value: number }[]) =>
    barChart({
      title,
      period,
      description: `One bar for each ${categoryLabel.toLowerCase()}. The table that follows gives the figures.`,
      categories: rows.map((r) => r.label),
      series: [{ name: valueLabel, values: rows.map((r) => r.value) }],
      categoryLabel,
      valueLabel,
    });
  const filtered = applyFilter(input.rows, input.filter);
  const summaries = summarise(def, filtered, areaName).map((s) => {
    const q = s.question;
    if (s.kind === 'counts') {
      return {
        id: q.id,
        label: q.label,
        answered: s.answered,
        chart: bars(
          `${q.label}: number of responses for each answer`,
          'Answer',
          'Responses',
          s.rows.map((r) => ({ label: r.label, value: r.count })),
        ),
        head: [{ text: 'Answer' }, { text: 'Responses', format: 'numeric' }, { text: 'Per cent', format: 'numeric' }],
        rows: s.rows.map((r) => [cell(r.label), cell(r.count, true), cell(`${r.percent}%`, true)]),
      };
    }
    if (s.kind === 'rank') {
      return {
        id: q.id,
        label: q.label,
        answered: s.answered,
        chart: bars(
          `${q.label}: points (first choice scores most)`,
          'Option',
          'Points',
          s.rows.map((r) => ({ label: r.label, value: r.points })),
        ),
        head: [
          { text: 'Option' },
          { text: 'Points', format: 'numeric' },
          { text: 'First choices', format: 'numeric' },
          { text: 'Average rank', format: 'numeric' },
        ],
        rows: s.rows.map((r) => [cell(r.label), cell(r.points, true), cell(r.firstChoices, true), cell(r.meanRank ?? '', true)]),
      };
    }
    if (s.kind === 'number') {
      return {
        id: q.id,
        label: q.label,
        answered: s.answered,
        chart: null,
        head: [
          { text: 'Mean', format: 'numeric' },
          { text: 'Median', format: 'numeric' },
          { text: 'Lowest', format: 'numeric' },
          { text: 'Highest', format: 'numeric' },
        ],
        rows: [[cell(s.mean ?? '', true), cell(s.median ?? '', true), cell(s.min ?? '', true), cell(s.max ?? '', true)]],
      };
    }
    return { id: q.id, label: q.label, answered: s.answered, chart: null, head: null, rows: null, freeText: true };
  });

  const choiceQuestions = allQuestions(def).filter((q) => ['single', 'multiple', 'likert', 'area'].includes(q.type));
  const demographics = allQuestions(def).filter((q) => q.demographic || q.type === 'single' || q.type === 'likert');
  let cross = null;
  if (input.crossQuestion && input.crossBy) {
    const t = crossTab(def, filtered, input.crossQuestion, input.crossBy, areaName);
    if (t) {
      cross = {
        caption: `${allQuestions(def).find((q) => q.id === input.crossQuestion)?.label} by ${input.crossBy === 'channel' ? 'channel' : input.crossBy === 'area' ? 'area' : allQuestions(def).find((q) => q.id === input.crossBy)?.label}`,
        head: [
          { text: 'Answer' },
          ...t.columns.map((c) => ({ text: input.crossBy === 'channel' ? (CHANNEL_LABELS[c.value] ?? c.label) : c.label, format: 'numeric' })),
        ],
        rows: [
          ...t.rowLabels.map((r, i) => [
            cell(r.label),
            ...t.cells[i].map((n, j) => cell(`${n} (${t.columnTotals[j] ? Math.round((n / t.columnTotals[j]) * 100) : 0}%)`, true)),
          ]),
          [cell('All answering'), ...t.columnTotals.map((n) => cell(n, true))],
        ],
      };
    }
  }

  const areaCounts = new Map<string, number>();
  for (const r of filtered) if (r.areaCode) areaCounts.set(r.areaCode, (areaCounts.get(r.areaCode) ?? 0) + 1);
  const rep = representativeness(areaCounts, input.populations);

  const filterQuestion = input.filter.question ? allQuestions(def).find((q) => q.id === input.filter.question) : undefined;
  return {
    total: input.rows.length,
    shown: filtered.length,
    filtered: filtered.length !== input.rows.length,
    summaries,
    filterForm: {
      areas: [{ value: '', text: 'All areas' }, ...input.areas.map((a) => ({ value: a.code, text: a.name, selected: input.filter.area === a.code }))],
      channels: [
        { value: '', text: 'All channels' },
        ...Object.entries(CHANNEL_LABELS).map(([v, t]) => ({ value: v, text: t, selected: input.filter.channel === v })),
      ],
      questions: [{ value: '', text: 'No filter' }, ...demographics.map((q) => ({ value: q.id, text: q.label, selected: input.filter.question === q.id }))],
      values: filterQuestion
        ? [
            { value: '', text: 'Any answer' },
            ...optionsOf(filterQuestion).map((o) => ({ value: o.value, text: o.label, selected: input.filter.value === o.value })),
          ]
        : null,
      value: input.filter.value ?? '',
    },
    crossForm: {
      questions: [
        { value: '', text: 'Choose a question' },
        ...choiceQuestions.map((q) => ({ value: q.id, text: q.label, selected: input.crossQuestion === q.id })),
      ],
      by: [
        { value: '', text: 'Choose a grouping' },
        { value: 'area', text: 'Area', selected: input.crossBy === 'area' },
        { value: 'channel', text: 'Channel', selected: input.crossBy === 'channel' },
        ...demographics.map((q) => ({ value: q.id, text: q.label, selected: input.crossBy === q.id })),
      ],
    },
    cross,
    representativeness: rep
      ? {
          head: [
            { text: 'Area' },
            { text: 'Respondents', format: 'numeric' },
            { text: 'Share of respondents', format: 'numeric' },
            { text: 'Population', format: 'numeric' },
            { text: 'Share of population', format: 'numeric' },
            { text: 'Ratio', format: 'numeric' },
          ],
          rows: rep.map((r) => [
            cell(r.name),
            cell(r.respondents, true),
            cell(`${r.respondentShare}%`, true),
            cell(r.population.toLocaleString('en-GB'), true),
            cell(`${r.populationShare}%`, true),
            cell(r.ratio ?? '', true),
          ]),
        }
      : null,
    themes: input.themeCounts?.length
      ? {
          head: [{ text: 'Theme' }, { text: 'All', format: 'numeric' }, ...input.areas.map((a) => ({ text: a.name, format: 'numeric' }))],
          rows: input.themeCounts.map((t) => [cell(t.label), cell(t.total, true), ...input.areas.map((a) => cell(t.byArea.get(a.code) ?? 0, true))]),
          chart: bars(
            'Responses raising each theme',
            'Theme',
            'Responses',
            input.themeCounts.map((t) => ({ label: t.label, value: t.total })),
          ),
        }
      : null,
  };
}

/** Export rows: one per response, a column per question (readable text) plus the analysis fields. */
export function exportTable(
  def: SurveyDefinition,
  rows: {
    reference: string;
    channel: string;
    submittedAt: Date;
    synthetic: boolean;
    areaCode: string | null;
    answers: Answers;
    id: string;
    surveyVersion: number;
  }[],
  codesByResponse: Map<string, string[]>,
  areaName: (c: string) => string,
) {
  const qs = allQuestions(def);
  const header = ['reference', 'survey_version', 'channel', 'submitted_at', 'synthetic', 'area_code', 'area_name', ...qs.map((q) => q.id), 'themes'];
  const body = rows.map((r) => [
    r.reference,
    String(r.surveyVersion),
    r.channel,
    r.submittedAt.toISOString(),
    r.synthetic ? 'yes' : 'no',
    r.areaCode ?? '',
    r.areaCode ? areaName(r.areaCode) : '',
    ...qs.map((q) => answerText(q, r.answers[q.id], areaName)),
    (codesByResponse.get(r.id) ?? []).join('; '),
  ]);
  return { header, body };
}

/** A CSV cell that a spreadsheet will not run as a formula. */
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}
