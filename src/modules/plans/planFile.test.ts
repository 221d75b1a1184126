import { describe, expect, it } from 'vitest';
import { PlanFileInvalid, parsePlanFile } from './planFile.js';

const valid = `
reference: test-2025-28
title: Test plan
term: { start: 2025-04-01, end: 2028-03-31 }
priorityLabel: Objective
outcomes:
  - reference: O1
    title: Safer streets
priorities:
  - reference: P1
    title: Fewer victims
    outcomes: [O1]
    commitments:
      - reference: P1-C1
        title: Fund victim services
  - reference: P2
    title: Better policing
`;

function errorsOf(source: string) {
  try {
    parsePlanFile(source);
  } catch (e) {
    if (e instanceof PlanFileInvalid) return e.errors;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

describe('parsePlanFile', () => {
  it('accepts a valid file and fills defaults', () => {
    const plan = parsePlanFile(valid);
    expect(plan.status).toBe('draft');
    expect(plan.priorities).toHaveLength(2);
    expect(plan.priorities[1].commitments).toEqual([]);
    expect(plan.term.start).toBe('2025-04-01');
  });

  it('names the place of a missing commitment title, with line and column', () => {
    const broken = valid.replace('        title: Fund victim services\n', '        description: no title\n');
    const errors = errorsOf(broken);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('priorities[0].commitments[0].title');
    expect(errors[0].message).toBe('required');
    expect(errors[0].line).toBe(14);
  });

  it('reports YAML syntax errors with a line', () => {
    const errors = errorsOf('reference: x\ntitle: [unclosed\n');
    expect(errors[0].line).toBeGreaterThan(0);
  });

  it('refuses duplicate references and unknown outcome links', () => {
    const dup = valid.replace('reference: P2', 'reference: P1').replace('outcomes: [O1]', 'outcomes: [O9]');
    const messages = errorsOf(dup).map((e) => `${e.path}: ${e.message}`);
    expect(messages.some((m) => m.startsWith('priorities[1].reference: duplicate priority reference "P1"'))).toBe(true);
    expect(messages).toContain('priorities[0].outcomes[0]: no outcome with reference "O9"');
  });

  it('refuses a term that ends before it starts and an unknown status', () => {
    expect(errorsOf(valid.replace('end: 2028-03-31', 'end: 2024-03-31')).map((e) => e.path)).toEqual(['term.end']);
    expect(errorsOf(valid.replace('priorityLabel', 'status: live\npriorityLabel')).map((e) => e.path)).toEqual(['status']);
  });

  it('refuses a file that is not a mapping', () => {
    expect(errorsOf('- a\n- b\n')[0].message).toMatch(/mapping/);
  });
});
