CREATE TABLE "geo_postcodes" (
	"postcode" text PRIMARY KEY NOT NULL,
	"lat" double precision,
	"long" double precision,
	"lsoa" text,
	"ward" text,
	"lad" text,
	"placed" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "geo_postcodes_lsoa_idx" ON "geo_postcodes" USING btree ("lsoa");