import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

/**
 * The search index: one row per document (a record as the public or as staff see it), rebuilt
 * from the modules' own reads whenever the audited data changes (see searchService.ts). Never a
 * source of truth: emptying it loses nothing.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    id: serial('id').primaryKey(),
    /** A digest of everything below: a rebuild keeps rows whose digest is still wanted. */
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
    /** Title weighted above body, English stemming. */
    document: tsvector('document')
      .notNull()
      .generatedAlwaysAs(sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')`),
  },
  (t) => [
    index('search_documents_hash_idx').on(t.hash),
    index('search_documents_document_idx').using('gin', t.document),
    index('search_documents_kind_year_idx').on(t.kind, t.year),
  ],
);

/** What the index was built from: the data's revision when it was last rebuilt. */
export const searchState = pgTable('search_state', {
  id: integer('id').primaryKey(),
  revision: text('revision').notNull(),
});
