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

describe('a strict plan file', () => {
  const base = `reference: strict-2025
title: Strict plan
term: { start: 2025-04-01, end: 2028-03-31 }
priorities:
  - reference: P1
    title: Fewer victims
    commitments:
      - reference: P1-C1
        title: Fund victim services
`;

  it('refuses a misspelt key at the top level with its line, column and a suggestion', () => {
    const errors = errorsOf(`${base}priorites: []\n`);
    expect(errors).toEqual([{ path: 'priorites', message: '`priorites`: unknown key; did you mean `priorities`?', line: 10, column: 1 }]);
  });

  it('refuses a misspelt key inside a priority and inside a commitment', () => {
    expect(errorsOf(base.replace('    title: Fewer victims', '    title: Fewer victims\n    narative: x'))).toEqual([
      { path: 'priorities[0].narative', message: '`narative`: unknown key; did you mean `narrative`?', line: 7, column: 5 },
    ]);
    expect(errorsOf(base.replace('        title: Fund victim services', '        title: Fund victim services\n        descripton: y'))).toEqual([
      { path: 'priorities[0].commitments[0].descripton', message: '`descripton`: unknown key; did you mean `description`?', line: 10, column: 9 },
    ]);
  });

  it('gives no suggestion for a key like none of the format', () => {
    expect(errorsOf(`${base}colour: blue\n`)[0].message).toBe('`colour`: unknown key');
  });

  it('reads the plan’s own facts and the new shapes', () => {
    const plan = parsePlanFile(`${base}documentTitle: "Police, Crime and Victims' Plan 2025–2028"
published: 2025-06
consultation: { opens: 2025-01-06, closes: 2025-02-14, extension: Extended by two weeks }
panelReview: 2025-03-04
commissioner: { name: A Person, title: "Police, Crime and Victims' Commissioner" }
commitmentLabel: Deliverable
themes:
  - reference: T1
    title: Early intervention
    priorities: [P1]
outcomes:
  - reference: O1
    title: Safer
    priorities: [P1]
`);
    expect(plan.published).toBe('2025-06');
    expect(plan.consultation).toEqual({ opens: '2025-01-06', closes: '2025-02-14', extension: 'Extended by two weeks' });
    expect(plan.commissioner?.title).toBe("Police, Crime and Victims' Commissioner");
    expect(plan.themes[0].priorities).toEqual(['P1']);
    expect(plan.outcomes[0].priorities).toEqual(['P1']);
  });

  it('refuses links to priorities that do not exist, and a month that is not one', () => {
    expect(errorsOf(`${base}published: 2025-13\n`)).toEqual([expect.objectContaining({ path: 'published', line: 10, column: 12 })]);
    expect(errorsOf(`${base}themes:\n  - { reference: T1, title: X, priorities: [P9] }\n`)).toEqual([
      expect.objectContaining({ path: 'themes[0].priorities[0]', message: 'no priority with reference "P9"' }),
    ]);
  });
});
