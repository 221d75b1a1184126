import { describe, expect, it } from 'vitest';
import { financialYearsOfTerm, resourceEvidence } from './planEvidence.js';

describe('the resources and grants items of a plan’s checklist', () => {
  it('lists the financial years of a term, April to March', () => {
    expect(financialYearsOfTerm('2024-04-01', '2029-03-31')).toEqual(['2024/25', '2025/26', '2026/27', '2027/28', '2028/29']);
    expect(financialYearsOfTerm('2021-05-13', '2024-05-01')).toEqual(['2021/22', '2022/23', '2023/24', '2024/25']);
    expect(financialYearsOfTerm('1999-01-01', '2000-03-31')).toEqual(['1998/99', '1999/00']);
  });

  it('covers resources with the funding forecast of the term and grants with the plan’s grant rounds', () => {
    const e = resourceEvidence(
      { termStart: '2024-04-01', termEnd: '2026-03-31' },
      [{ financialYear: '2025/26' }, { financialYear: '2030/31' }],
      [{ title: 'Round 1', fund: 'Community Safety Fund' }],
    );
    expect(e.covers).toEqual([
      { element: 'resources', coveredBy: ['Funding forecast of the resources pages for 2025/26'] },
      { element: 'grants', coveredBy: ['Grant round “Round 1” of the Community Safety Fund'] },
    ]);
  });

  it('leaves both uncovered when nothing is linked', () => {
    expect(resourceEvidence({ termStart: '2024-04-01', termEnd: '2026-03-31' }, [{ financialYear: '2030/31' }], []).covers).toEqual([]);
  });
});
