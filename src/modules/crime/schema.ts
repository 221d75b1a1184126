import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One imported police.uk file: what it held, what was rejected and what looked odd. */
export const crimeImports = pgTable(
  'crime_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Groups the files of one CLI run, upload or demo load. */
    batchId: uuid('batch_id').notNull(),
    fileName: text('file_name').notNull(),
    force: text('force').notNull(),
    month: text('month').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    rows: integer('rows').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** [{ reason, count, lines: [..] }] */
    rejections: jsonb('rejections').notNull().default([]),
    /** [{ kind, message, count, sample }] */
    anomalies: jsonb('anomalies').notNull().default([]),
    /** [{ line, column, message }] when the file was refused. */
    errors: jsonb('errors').notNull().default([]),
    source: text('source').notNull(),
    millis: integer('millis'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('crime_imports_created_idx').on(t.createdAt), index('crime_imports_batch_idx').on(t.batchId)],
);

/** Street crimes and ASB: force × month × category × LSOA ('' = no location). */
export const crimeStreetCounts = pgTable(
  'crime_street_counts',
  {
    force: text('force').notNull(),
    month: text('month').notNull(),
    category: text('category').notNull(),
    lsoa: text('lsoa').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.force, t.month, t.category, t.lsoa] })],
);

/** Street crimes and ASB by force × month × category: what most pages and API calls read. */
export const crimeMonthCounts = pgTable(
  'crime_month_counts',
  {
    force: text('force').notNull(),
    month: text('month').notNull(),
    category: text('category').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.force, t.month, t.category] })],
);

/** Outcomes recorded in a month, by outcome and (where the crime is known) its category. */
export const crimeOutcomeCounts = pgTable(
  'crime_outcome_counts',
  {
    force: text('force').notNull(),
    month: text('month').notNull(),
    outcome: text('outcome').notNull(),
    category: text('category').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.force, t.month, t.outcome, t.category] })],
);

/**
 * Stop and search: `fileMonth` is the police.uk file the rows came from (what a re-import
 * replaces); `month` is the UK local month of the search.
 */
export const crimeStopSearchCounts = pgTable(
  'crime_stop_search_counts',
  {
    force: text('force').notNull(),
    fileMonth: text('file_month').notNull(),
    month: text('month').notNull(),
    selfDefinedEthnicity: text('self_defined_ethnicity').notNull(),
    officerDefinedEthnicity: text('officer_defined_ethnicity').notNull(),
    ageRange: text('age_range').notNull(),
    gender: text('gender').notNull(),
    objectOfSearch: text('object_of_search').notNull(),
    outcome: text('outcome').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('crime_ss_force_month_idx').on(t.force, t.month), index('crime_ss_file_idx').on(t.force, t.fileMonth)],
);

/**
 * Street counts by ward and by local authority (level 'ward' or 'lad'), with the areas above each
 * (local authority, CSP, force area) for filtering: what area-grouped pages and API calls read, so
 * they never join the LSOA rollup. Rebuilt for a month by its import and in full when the geography
 * changes. area '' holds rows with no known area.
 *
 * Crime ID → category (`crime_ids`, read by outcomes imports) is not declared here: it is a
 * partitioned table (force, then month) managed in SQL; see migrations/crime/0003 and ADR 0010.
 */
export const crimeAreaCounts = pgTable(
  'crime_area_counts',
  {
    force: text('force').notNull(),
    level: text('level').notNull(),
    month: text('month').notNull(),
    category: text('category').notNull(),
    area: text('area').notNull(),
    areaName: text('area_name').notNull(),
    lad: text('lad'),
    ladName: text('lad_name'),
    csp: text('csp'),
    pfa: text('pfa'),
    count: integer('count').notNull(),
  },
  (t) => [index('crime_area_counts_idx').on(t.force, t.level, t.month)],
);

/** The crime module's copy of LSOA → ward → LAD → CSP → PFA, refreshed from the geography service. */
export const crimeAreaMap = pgTable('crime_area_map', {
  lsoa: text('lsoa').primaryKey(),
  lsoaName: text('lsoa_name').notNull(),
  ward: text('ward'),
  wardName: text('ward_name'),
  lad: text('lad'),
  ladName: text('lad_name'),
  csp: text('csp'),
  pfa: text('pfa'),
  vintage: text('vintage').notNull(),
});

export const crimeMeta = pgTable('crime_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  n: bigint('n', { mode: 'number' }),
});
