CREATE TABLE "perf_commentary" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL,
	"period" text NOT NULL,
	"body" text NOT NULL,
	"author" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "perf_figures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL,
	"period" text NOT NULL,
	"value" double precision NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "perf_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"unit" text NOT NULL,
	"polarity" text NOT NULL,
	"frequency" text DEFAULT 'monthly' NOT NULL,
	"source_kind" text NOT NULL,
	"source" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"baseline_from" text,
	"baseline_to" text,
	"target_kind" text DEFAULT 'direction' NOT NULL,
	"target_value" double precision,
	"owner" text,
	"plan_reference" text,
	"priority_refs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome_refs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_public" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "perf_measures_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
ALTER TABLE "perf_commentary" ADD CONSTRAINT "perf_commentary_measure_id_perf_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."perf_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "perf_figures" ADD CONSTRAINT "perf_figures_measure_id_perf_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."perf_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "perf_commentary_period_uq" ON "perf_commentary" USING btree ("measure_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "perf_figures_period_uq" ON "perf_figures" USING btree ("measure_id","period");--> statement-breakpoint
CREATE INDEX "perf_measures_plan_idx" ON "perf_measures" USING btree ("plan_reference");