import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

/**
 * The search index: one row per document (a record as the public or as staff see it), kept up to
 * date from the modules' own reads, one module (source) at a time, whenever the audited data of
 * that module changes (see searchService.ts). Never a source of truth: emptying it loses nothing.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    id: serial('id').primaryKey(),
    /** The source (module) the document was read from: a change re-reads and rewrites only its own. */
    source: text('source').notNull(),
    /** A digest of everything below: a refresh keeps rows whose digest is still wanted. */
    hash: text('hash').notNull(),
    kind: text('kind').notNull(),
    recordId: text('record_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    href: text('href').notNull(),
    year: integer('year'),
    /**
     * Who finds this document: `public` (anyone signed out) and roles. Each viewer finds at most
     * one document of a record: a role that may open the staff copy finds that, the others the
     * public copy.
     */
    audiences: text('audiences').array().notNull(),
    /**
     * The filters' values as array elements (`kind:priority`, `year:2021`), so that the GIN indexes
     * below hold the words, the viewer and the filters together: a filtered search reads only the
     * rows it finds.
     */
    filters: text('filters')
      .array()
      .notNull()
      .generatedAlwaysAs(sql`array['kind:' || kind, 'year:' || coalesce(year::text, 'none')]`),
    /** Title weighted above body, English stemming. */
    document: tsvector('document')
      .notNull()
      .generatedAlwaysAs(sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')`),
    /** The title alone: for a common word, the matches in titles are the ones ranked first. */
    titleDocument: tsvector('title_document')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('english', title)`),
  },
  (t) => [
    index('search_documents_source_idx').on(t.source),
    // The words, the viewer and the filters in one GIN index: it hands over only what this viewer
    // may find with these filters. Each refresh merges the indexes' pending lists before it commits.
    index('search_documents_words_idx').using('gin', t.document, t.audiences, t.filters),
    index('search_documents_title_words_idx').using('gin', t.titleDocument, t.audiences, t.filters),
    index('search_documents_year_idx').on(t.year),
  ],
);

/**
 * What the index was built from. `revision` is compared before every search (the newest audit
 * row of a change to records, how many of the thousand before it there are, and the day); `top`
 * and `counts` (that window's rows by entity type) tell which sources a new revision touches.
 */
export const searchState = pgTable('search_state', {
  id: integer('id').primaryKey(),
  revision: text('revision').notNull(),
  top: bigint('top', { mode: 'number' }).notNull().default(0),
  counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
});
