CREATE TABLE "plan_commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "plan_force_priorities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"lead" text,
	"areas_of_focus" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"previous_version_id" uuid,
	"priority_label" text DEFAULT 'Priority' NOT NULL,
	"summary" text,
	"vision" text,
	"mission" text,
	"values" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "plan_priorities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"narrative" text,
	"achievements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"planned_actions" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_priority_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"priority_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"measure" text NOT NULL,
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "plan_priority_outcomes" (
	"priority_id" uuid NOT NULL,
	"outcome_id" uuid NOT NULL,
	CONSTRAINT "plan_priority_outcomes_priority_id_outcome_id_pk" PRIMARY KEY("priority_id","outcome_id")
);
--> statement-breakpoint
CREATE TABLE "plan_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"covers" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_transitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"reason" text NOT NULL,
	"gaps_confirmed" boolean DEFAULT false NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_commitments" ADD CONSTRAINT "plan_commitments_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_force_priorities" ADD CONSTRAINT "plan_force_priorities_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_force_priorities" ADD CONSTRAINT "plan_force_priorities_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_outcomes" ADD CONSTRAINT "plan_outcomes_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_priorities" ADD CONSTRAINT "plan_priorities_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_priority_measures" ADD CONSTRAINT "plan_priority_measures_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_priority_outcomes" ADD CONSTRAINT "plan_priority_outcomes_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_priority_outcomes" ADD CONSTRAINT "plan_priority_outcomes_outcome_id_plan_outcomes_id_fk" FOREIGN KEY ("outcome_id") REFERENCES "public"."plan_outcomes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_sections" ADD CONSTRAINT "plan_sections_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_transitions" ADD CONSTRAINT "plan_transitions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_commitments_ref_uq" ON "plan_commitments" USING btree ("plan_id","reference");--> statement-breakpoint
CREATE INDEX "plan_commitments_priority_idx" ON "plan_commitments" USING btree ("priority_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_force_priorities_ref_uq" ON "plan_force_priorities" USING btree ("plan_id","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_outcomes_ref_uq" ON "plan_outcomes" USING btree ("plan_id","reference");--> statement-breakpoint
CREATE INDEX "plans_status_idx" ON "plans" USING btree ("status");--> statement-breakpoint
CREATE INDEX "plans_previous_idx" ON "plans" USING btree ("previous_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_priorities_ref_uq" ON "plan_priorities" USING btree ("plan_id","reference");--> statement-breakpoint
CREATE INDEX "plan_priorities_plan_idx" ON "plan_priorities" USING btree ("plan_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_sections_ref_uq" ON "plan_sections" USING btree ("plan_id","reference");--> statement-breakpoint
CREATE INDEX "plan_transitions_plan_idx" ON "plan_transitions" USING btree ("plan_id");