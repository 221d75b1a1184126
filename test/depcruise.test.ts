import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const rules = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as { forbidden: IForbiddenRuleType[] };
const fixture = join(import.meta.dirname, 'fixtures', 'depcruise');

describe('the module boundary rules (.dependency-cruiser.cjs)', () => {
  it('fail a cross-module import of a presenter and an upward import, and allow a service type and an index', async () => {
    const cwd = process.cwd();
    process.chdir(fixture);
    try {
      const result = await cruise(['src'], {
        validate: true,
        ruleSet: { forbidden: rules.forbidden },
        tsPreCompilationDeps: true,
        tsConfig: { fileName: 'tsconfig.json' },
      });
      const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
      const violations = output.summary.violations.map((v: { rule: { name: string }; from: string; to: string }) => `${v.rule.name}: ${v.from} → ${v.to}`);
      expect(violations.sort()).toEqual([
        'layering-geography: src/modules/geography/upward.ts → src/modules/publishing/home.ts',
        'modules-meet-at-their-surface: src/modules/geography/upward.ts → src/modules/publishing/home.ts',
        'modules-meet-at-their-surface: src/modules/publishing/home.ts → src/modules/plans/presenters/planList.ts',
      ]);
    } finally {
      process.chdir(cwd);
    }
  });
});
