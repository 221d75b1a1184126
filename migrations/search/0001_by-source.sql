-- The index is a copy of the modules' records: emptied here (the new columns have no value for old rows) and rebuilt by the next search.
DELETE FROM "search_documents";--> statement-breakpoint
DELETE FROM "search_state";--> statement-breakpoint
DROP INDEX "search_documents_hash_idx";--> statement-breakpoint
DROP INDEX "search_documents_document_idx";--> statement-breakpoint
DROP INDEX "search_documents_kind_year_idx";--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "source" text NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "filters" text[] GENERATED ALWAYS AS (array['kind:' || kind, 'year:' || coalesce(year::text, 'none')]) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "title_document" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', title)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "search_state" ADD COLUMN "top" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "search_state" ADD COLUMN "counts" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "search_documents_source_idx" ON "search_documents" USING btree ("source");--> statement-breakpoint
CREATE INDEX "search_documents_words_idx" ON "search_documents" USING gin ("document","audiences","filters");--> statement-breakpoint
CREATE INDEX "search_documents_title_words_idx" ON "search_documents" USING gin ("title_document","audiences","filters");--> statement-breakpoint
CREATE INDEX "search_documents_year_idx" ON "search_documents" USING btree ("year");