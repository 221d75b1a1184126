CREATE TABLE "geo_areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"vintage" text,
	"current" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "geo_boundaries" (
	"code" text NOT NULL,
	"level" text NOT NULL,
	"lad_code" text NOT NULL,
	"name" text NOT NULL,
	"geometry" jsonb NOT NULL,
	CONSTRAINT "geo_boundaries_level_code_pk" PRIMARY KEY("level","code")
);
--> statement-breakpoint
CREATE TABLE "geo_imports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "geo_imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"file_name" text NOT NULL,
	"kind" text NOT NULL,
	"rows" integer NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "geo_lsoa_places" (
	"lsoa" text PRIMARY KEY NOT NULL,
	"vintage" text NOT NULL,
	"ward" text,
	"lad" text
);
--> statement-breakpoint
CREATE TABLE "geo_population" (
	"code" text NOT NULL,
	"year" integer NOT NULL,
	"population" integer NOT NULL,
	"source" text,
	CONSTRAINT "geo_population_code_year_pk" PRIMARY KEY("code","year")
);
--> statement-breakpoint
CREATE INDEX "geo_areas_parent_idx" ON "geo_areas" USING btree ("parent_code","level");--> statement-breakpoint
CREATE INDEX "geo_boundaries_lad_idx" ON "geo_boundaries" USING btree ("level","lad_code");