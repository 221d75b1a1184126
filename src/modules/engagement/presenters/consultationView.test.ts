import { describe, expect, it } from 'vitest';
import { CONSULTATION_STAGES } from '../schema.js';
import { consultationNextStep } from './consultationView.js';

describe('what happens next to a consultation, in one sentence', () => {
  const dates = { opensOn: '2030-03-02', closesOn: '2030-04-13' };
  it('says who publishes a draft and what the public then see', () => {
    expect(consultationNextStep({ stage: 'draft', ...dates }, '2030-01-01')).toBe(
      'Next, an editor publishes this draft: the public then see it as forthcoming until it opens on 2 March 2030, and residents subscribed to new consultations are told.',
    );
    expect(consultationNextStep({ stage: 'draft', ...dates }, '2030-03-02')).toContain('it opens to the public at once');
  });
  it('has one sentence for every stage, naming who acts', () => {
    for (const stage of CONSULTATION_STAGES) {
      const s = consultationNextStep({ stage, ...dates }, '2030-01-01');
      expect(s).toMatch(/^(Next, |Nothing more is due)/);
      expect(s.endsWith('.')).toBe(true);
    }
  });
});
