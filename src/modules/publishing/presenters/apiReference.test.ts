import { describe, expect, it } from 'vitest';
import { apiReferencePresenter, typeWords, type OpenApiLike } from './apiReference.js';

const json = (properties: Record<string, unknown>) => ({
  '200': { content: { 'application/json': { schema: { properties: { data: { type: 'array', items: { properties } } } } } } },
});

const doc = {
  info: { version: '1.0.0' },
  paths: {
    '/api/v1/openapi.json': { get: {} },
    '/api/v1/scrutiny/risks': { get: { tags: ['scrutiny'], summary: 'Risks', responses: json({ score: { type: 'integer', description: 'L × I' } }) } },
    '/api/v1/scrutiny/risks.csv': { get: { tags: ['scrutiny'], summary: 'Risks (CSV)' } },
    '/api/v1/scrutiny/decisions/{ref}': {
      get: { tags: ['scrutiny'], summary: 'One decision', parameters: [{ name: 'ref', in: 'path', required: true, schema: { type: 'string' } }] },
    },
    '/api/v1/engagement/engagement-log': {
      get: {
        tags: ['engagement'],
        summary: 'Log',
        parameters: [{ name: 'year', in: 'query', schema: { type: 'integer', minimum: 2000, maximum: 2100, description: 'The year' } }],
      },
    },
    '/api/v1/crime/counts.csv': { get: { tags: ['crime'], summary: 'Counts as CSV' } },
    '/admin/x': { post: { tags: ['x'] } },
  },
};

describe('the API reference page', () => {
  const page = apiReferencePresenter(doc as OpenApiLike);
  it('groups operations by tag in a fixed order with names for people, without the document itself', () => {
    expect(page.groups.map((g) => g.title)).toEqual(['Crime data', 'Consultations and engagement', 'Scrutiny and accountability']);
    expect(page.version).toBe('1.0.0');
  });
  it('shows a register’s JSON and CSV as one entry, with its fields in words', () => {
    const risks = page.groups[2].operations.find((o) => o.path === '/api/v1/scrutiny/risks')!;
    expect(risks.formats).toEqual([
      { label: 'JSON', path: '/api/v1/scrutiny/risks', href: '/api/v1/scrutiny/risks' },
      { label: 'CSV', path: '/api/v1/scrutiny/risks.csv', href: '/api/v1/scrutiny/risks.csv' },
    ]);
    expect(risks.fields).toEqual([{ name: 'score', type: 'Whole number', description: 'L × I' }]);
    expect(page.groups[2].operations.map((o) => o.path)).not.toContain('/api/v1/scrutiny/risks.csv');
  });
  it('offers no example link where a value is needed, and explains parameters', () => {
    const one = page.groups[2].operations.find((o) => o.path === '/api/v1/scrutiny/decisions/{ref}')!;
    expect(one.formats[0].href).toBeNull();
    expect(one.parameters[0]).toMatchObject({ name: 'ref', where: 'in the address', required: true });
    const log = page.groups[1].operations[0];
    expect(log.parameters[0]).toMatchObject({ name: 'year', required: false, type: 'Whole number', description: 'The year. From 2000 to 2100' });
    expect(log.formats[0].href).toBe('/api/v1/engagement/engagement-log');
  });
  it('keeps a CSV-only path as CSV', () => {
    expect(page.groups[0].operations[0].formats).toEqual([{ label: 'CSV', path: '/api/v1/crime/counts.csv', href: '/api/v1/crime/counts.csv' }]);
  });
  it('says types in words', () => {
    expect(typeWords({ type: ['string', 'null'], format: 'date' })).toBe('date (YYYY-MM-DD) (may be empty)');
    expect(typeWords({ type: 'array', items: { type: 'string' } })).toBe('list of text');
    expect(typeWords({ type: 'boolean' })).toBe('true or false');
  });
});
