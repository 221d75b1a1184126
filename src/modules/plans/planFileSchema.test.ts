import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT_DIR } from '../../db/migrate.js';
import { DEMO_PLAN_FILES } from './index.js';
import { planJsonSchema } from './planFileSchema.js';

const seed = (f: string) => readFileSync(join(ROOT_DIR, 'seeds', 'plans', f), 'utf8');
const validator = () => new Ajv2020({ allErrors: true, strict: false }).compile(planJsonSchema());

describe('the plan JSON Schema', () => {
  it('is the copy kept in the repository (docs/plan.schema.json; npx tsx scripts/write-plan-schema.ts rewrites it)', () => {
    expect(JSON.parse(readFileSync(join(ROOT_DIR, 'docs', 'plan.schema.json'), 'utf8'))).toEqual(planJsonSchema());
  });

  it.each(DEMO_PLAN_FILES)('accepts the Cleveland plan file %s', (f) => {
    const validate = validator();
    expect(validate(parse(seed(f))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses a misspelt key at the top, in a priority and in a commitment', () => {
    const validate = validator();
    const plan = parse(seed('cleveland-2021-24.yaml')) as { priorities: Record<string, unknown>[] };
    const top = { ...plan, priorites: plan.priorities };
    expect(validate(top)).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'priorites')).toBe(true);
    const inPriority = structuredClone(plan);
    inPriority.priorities[0].narative = 'x';
    expect(validate(inPriority)).toBe(false);
    const inCommitment = structuredClone(plan);
    (inCommitment.priorities[0].commitments as Record<string, unknown>[])[0].titel = 'x';
    expect(validate(inCommitment)).toBe(false);
  });
});
