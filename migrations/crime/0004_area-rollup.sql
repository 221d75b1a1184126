CREATE TABLE "crime_area_counts" (
	"force" text NOT NULL,
	"level" text NOT NULL,
	"month" text NOT NULL,
	"category" text NOT NULL,
	"area" text NOT NULL,
	"area_name" text NOT NULL,
	"lad" text,
	"lad_name" text,
	"csp" text,
	"pfa" text,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "crime_area_counts_idx" ON "crime_area_counts" USING btree ("force","level","month");--> statement-breakpoint
-- Makes the next read or import rebuild the area map, which also fills crime_area_counts.
DELETE FROM "crime_meta" WHERE "key" = 'area-map-revision';
