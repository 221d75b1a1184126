import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, boolean } from 'drizzle-orm/pg-core';

/** Every area of every level and vintage: force areas, CSPs, local authorities, wards, LSOAs. */
export const geoAreas = pgTable(
  'geo_areas',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    vintage: text('vintage'),
    /** False for superseded codes kept for old data (LSOA 2011, WD19 wards not in the current set). */
    current: boolean('current').notNull().default(true),
  },
  (t) => [index('geo_areas_parent_idx').on(t.parentCode, t.level)],
);

/**
 * LSOA (2011 or 2021) → the current ward and local authority it counts in. 2011-only LSOAs map to
 * the current ward of the same name in the same local authority where one exists.
 */
export const geoLsoaPlaces = pgTable('geo_lsoa_places', {
  lsoa: text('lsoa').primaryKey(),
  vintage: text('vintage').notNull(),
  ward: text('ward'),
  lad: text('lad'),
});

export const geoBoundaries = pgTable(
  'geo_boundaries',
  {
    code: text('code').notNull(),
    level: text('level').notNull(),
    ladCode: text('lad_code').notNull(),
    name: text('name').notNull(),
    geometry: jsonb('geometry').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.code] }), index('geo_boundaries_lad_idx').on(t.level, t.ladCode)],
);

export const geoPopulation = pgTable(
  'geo_population',
  {
    code: text('code').notNull(),
    year: integer('year').notNull(),
    population: integer('population').notNull(),
    source: text('source'),
  },
  (t) => [primaryKey({ columns: [t.code, t.year] })],
);

export const geoImports = pgTable('geo_imports', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  fileName: text('file_name').notNull(),
  kind: text('kind').notNull(),
  rows: integer('rows').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Postcode → where it is. From a file of postcode points (placed in the imported LSOA boundaries,
 * so `lsoa` is null for a point outside every imported boundary) or from an official ONS postcode
 * lookup (ONSPD/NSPL: `lsoa`, `ward` and `lad` as published). `placed`: 'point' or 'lookup'.
 */
export const geoPostcodes = pgTable(
  'geo_postcodes',
  {
    postcode: text('postcode').primaryKey(),
    lat: doublePrecision('lat'),
    long: doublePrecision('long'),
    lsoa: text('lsoa'),
    ward: text('ward'),
    lad: text('lad'),
    placed: text('placed').notNull(),
  },
  (t) => [index('geo_postcodes_lsoa_idx').on(t.lsoa)],
);
