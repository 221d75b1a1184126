import { describe, expect, it } from 'vitest';
import { toPublicDecision } from '../scrutinyService.js';
import { registers, toCsv } from './registers.js';

describe('registers', () => {
  it('decisions never carry exempt parts', () => {
    const d = toPublicDecision({
      id: 'd',
      reference: 'DN-1',
      title: 'T',
      decisionDate: '2025-01-01',
      decidedBy: 'PCC',
      summary: 'S',
      financialImplications: '£1',
      significantPublicInterest: true,
      exemptParts: 'SECRET-PRICE',
      exemptionReason: 'commercial',
      published: true,
      isDemo: false,
      createdAt: new Date(),
    });
    const rows = registers.decisions([d]);
    expect(JSON.stringify(rows)).not.toContain('SECRET-PRICE');
    expect(JSON.stringify(rows)).not.toContain('commercial');
    expect((rows[0] as { hasExemptParts: boolean }).hasExemptParts).toBe(true);
    expect(toCsv(rows)).not.toContain('SECRET');
  });
  it('inspections carry the 56-day comments deadline', () => {
    const rows = registers.inspections([
      {
        inspection: {
          id: 'i',
          reference: 'peel',
          title: 'PEEL',
          kind: 'peel',
          publishedOn: '2024-01-01',
          summary: null,
          url: null,
          commentsText: null,
          commentsPublishedOn: null,
          isDemo: true,
          createdAt: new Date(),
        },
        findings: [],
      },
    ]);
    expect(rows[0].commentsDue).toBe('2024-02-25');
  });
  it('writes CSV with a header and quotes what needs quoting', () => {
    expect(toCsv([{ a: 'x, y', b: true }])).toBe('a,b\n"x, y",true\n');
    expect(toCsv([])).toBe('');
  });
});
