DROP INDEX "crime_ids_lookup_idx";--> statement-breakpoint
ALTER TABLE "crime_ids" ADD COLUMN "crime_key" bigint;--> statement-breakpoint
UPDATE "crime_ids" SET "crime_key" = hashtextextended("crime_id", 0);--> statement-breakpoint
ALTER TABLE "crime_ids" ALTER COLUMN "crime_key" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "crime_ids_key_idx" ON "crime_ids" USING btree ("crime_key");--> statement-breakpoint
ALTER TABLE "crime_ids" DROP COLUMN "crime_id";
