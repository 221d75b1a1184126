CREATE TABLE "crime_area_map" (
	"lsoa" text PRIMARY KEY NOT NULL,
	"lsoa_name" text NOT NULL,
	"ward" text,
	"ward_name" text,
	"lad" text,
	"lad_name" text,
	"csp" text,
	"pfa" text,
	"vintage" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crime_ids" (
	"force" text NOT NULL,
	"crime_id" text NOT NULL,
	"month" text NOT NULL,
	"category" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crime_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"force" text NOT NULL,
	"month" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"rows" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"rejections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"anomalies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text NOT NULL,
	"millis" integer,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crime_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"n" bigint
);
--> statement-breakpoint
CREATE TABLE "crime_outcome_counts" (
	"force" text NOT NULL,
	"month" text NOT NULL,
	"outcome" text NOT NULL,
	"category" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "crime_outcome_counts_force_month_outcome_category_pk" PRIMARY KEY("force","month","outcome","category")
);
--> statement-breakpoint
CREATE TABLE "crime_stop_search_counts" (
	"force" text NOT NULL,
	"file_month" text NOT NULL,
	"month" text NOT NULL,
	"self_defined_ethnicity" text NOT NULL,
	"officer_defined_ethnicity" text NOT NULL,
	"age_range" text NOT NULL,
	"gender" text NOT NULL,
	"object_of_search" text NOT NULL,
	"outcome" text NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crime_street_counts" (
	"force" text NOT NULL,
	"month" text NOT NULL,
	"category" text NOT NULL,
	"lsoa" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "crime_street_counts_force_month_category_lsoa_pk" PRIMARY KEY("force","month","category","lsoa")
);
--> statement-breakpoint
CREATE INDEX "crime_ids_lookup_idx" ON "crime_ids" USING btree ("force","crime_id");--> statement-breakpoint
CREATE INDEX "crime_ids_month_idx" ON "crime_ids" USING btree ("force","month");--> statement-breakpoint
CREATE INDEX "crime_imports_created_idx" ON "crime_imports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "crime_imports_batch_idx" ON "crime_imports" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "crime_ss_force_month_idx" ON "crime_stop_search_counts" USING btree ("force","month");--> statement-breakpoint
CREATE INDEX "crime_ss_file_idx" ON "crime_stop_search_counts" USING btree ("force","file_month");