import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Agent, type TestApp } from '../../../test/helpers/app.js';
import { ROOT_DIR } from '../../db/migrate.js';
import { SYSTEM_ACTOR, type Actor } from '../../platform/roles.js';
import { DEMO_PLAN_FILES, type PlansModule } from './index.js';
import type { Plan } from './plansRepository.js';

let t: TestApp;
let plans: PlansModule['service'];
let anon: Agent;
let draft: Plan;
let review: Plan;
const editorActor: Actor = { id: null, label: 'test editor', role: 'editor' };

interface Summary {
  id: string;
  reference: string;
  status: string;
  version: number;
  refreshes: { reference: string } | null;
  supersededBy: { reference: string } | null;
  links: Record<string, string>;
}
interface Tree extends Summary {
  vision: string | null;
  priorities: {
    number: number;
    label: string;
    reference: string;
    title: string;
    commitments: { number: number; title: string }[];
    forcePriorities: { title: string; lead: string | null; areasOfFocus: string[] }[];
  }[];
}

beforeAll(async () => {
  t = await buildTestApp({ env: { BASE_URL: 'https://pcc.example.test' } });
  plans = (t.modules.find((m) => m.name === 'plans') as PlansModule).service;
  for (const f of DEMO_PLAN_FILES) await plans.importPlan(SYSTEM_ACTOR, readFileSync(join(ROOT_DIR, 'seeds', 'plans', f), 'utf8'));
  draft = await plans.create(editorActor, {
    reference: 'hidden-draft',
    title: 'Hidden draft plan',
    termStart: '2029-06-01',
    termEnd: '2033-05-31',
    priorityLabel: 'Priority',
  });
  review = await plans.create(editorActor, {
    reference: 'hidden-review',
    title: 'Hidden review plan',
    termStart: '2029-06-01',
    termEnd: '2033-05-31',
    priorityLabel: 'Priority',
  });
  await plans.transition(editorActor, review.id, 'panel-review', 'to the Panel');
  anon = t.anonymous();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/plans', () => {
  it('lists the four public Cleveland plans, newest first, with lineage and links, and no draft', async () => {
    const res = await anon.get('/api/v1/plans');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const { data } = JSON.parse(res.body) as { data: Summary[] };
    expect(data.map((p) => [p.reference, p.status])).toEqual([
      ['cleveland-2024-29', 'published'],
      ['cleveland-2021-24', 'superseded'],
      ['cleveland-2014-17', 'superseded'],
      ['cleveland-2013-16', 'superseded'],
    ]);
    const v2 = data.find((p) => p.reference === 'cleveland-2014-17')!;
    expect(v2.version).toBe(2);
    expect(v2.refreshes?.reference).toBe('cleveland-2013-16');
    expect(data.find((p) => p.reference === 'cleveland-2013-16')!.supersededBy?.reference).toBe('cleveland-2014-17');
    expect(data[0].links).toEqual({
      self: 'https://pcc.example.test/api/v1/plans/cleveland-2024-29',
      html: 'https://pcc.example.test/plans/cleveland-2024-29',
      docx: 'https://pcc.example.test/plans/cleveland-2024-29/plan.docx',
      json: 'https://pcc.example.test/plans/cleveland-2024-29/plan.json',
    });
    expect(res.body).not.toContain('hidden-');
  });
});

describe('GET /api/v1/plans/{id}', () => {
  it('gives the 2024–29 plan with its vision and six priorities in order', async () => {
    const res = await anon.get('/api/v1/plans/cleveland-2024-29');
    expect(res.statusCode).toBe(200);
    const { data } = JSON.parse(res.body) as { data: Tree };
    expect(data.vision).toBe('Safe, strong and confident communities');
    expect(data.priorities.map((p) => [p.number, p.label])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, `Priority objective ${n}`]));
    expect(data.priorities[0].title).toBe('Reduce crime, antisocial behaviour and harm');
    expect(data.priorities[5].title).toBe('Prevent offending and re-offending');
  });

  it('gives the 2013–16 plan, by id as by reference, with 5 objectives and all their commitments', async () => {
    const byRef = JSON.parse((await anon.get('/api/v1/plans/cleveland-2013-16')).body) as { data: Tree };
    const byId = JSON.parse((await anon.get(`/api/v1/plans/${byRef.data.id}`)).body) as { data: Tree };
    expect(byId).toEqual(byRef);
    const { priorities } = byRef.data;
    expect(priorities).toHaveLength(5);
    expect(priorities.map((p) => p.commitments.length)).toEqual([10, 10, 6, 6, 10]);
    expect(priorities[0].commitments[0]).toMatchObject({ number: 1, title: 'Retaining and developing neighbourhood policing.' });
    expect(priorities[0].commitments[9]).toMatchObject({ number: 10, title: 'Call a summit to tackle business crime in 2013.' });
    expect(priorities[0].forcePriorities[0]).toMatchObject({
      title: 'Reduce neighbourhood crime',
      areasOfFocus: ['Antisocial behaviour and criminal damage', 'House burglary', 'Personal robbery'],
    });
  });

  it('answers problem+json 404 for a draft, by id and by reference', async () => {
    for (const key of [draft.id, draft.reference, review.id, review.reference]) {
      const res = await anon.get(`/api/v1/plans/${key}`);
      expect(res.statusCode, key).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = JSON.parse(res.body) as { status: number; title: string; instance: string };
      expect(body.status).toBe(404);
      expect(body.instance).toBe(`/api/v1/plans/${key}`);
      expect(res.body).not.toContain('Hidden');
    }
  });

  it('does not show drafts to a signed-in member of staff either', async () => {
    const editor = await t.signInAs('editor');
    expect((await editor.get(`/api/v1/plans/${draft.id}`)).statusCode).toBe(404);
    expect((await editor.get('/api/v1/plans')).body).not.toContain('hidden-');
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('documents both plan paths with response schemas, tagged plans', async () => {
    const res = await anon.get('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body) as {
      paths: Record<
        string,
        {
          get: {
            tags: string[];
            responses: Record<
              string,
              {
                content: Record<
                  string,
                  { schema: { properties: Record<string, { items?: { properties: Record<string, unknown> }; properties?: Record<string, unknown> }> } }
                >;
              }
            >;
          };
        }
      >;
    };
    const list = doc.paths['/api/v1/plans']?.get;
    const one = doc.paths['/api/v1/plans/{id}']?.get;
    expect(list?.tags).toEqual(['plans']);
    expect(one?.tags).toEqual(['plans']);
    expect(Object.keys(list.responses['200'].content['application/json'].schema.properties.data.items!.properties)).toEqual(
      expect.arrayContaining(['id', 'reference', 'title', 'status', 'term', 'links', 'refreshes', 'supersededBy']),
    );
    const tree = one.responses['200'].content['application/json'].schema.properties.data.properties!;
    expect(Object.keys(tree)).toEqual(expect.arrayContaining(['vision', 'mission', 'values', 'outcomes', 'priorities', 'sections']));
    expect(one.responses['404'].content['application/problem+json']).toBeDefined();
  });
});
