CREATE TABLE "delivery_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_plan_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"priority_id" uuid NOT NULL,
	"commitment_id" uuid,
	"owner_id" uuid,
	"lead_organisation" text,
	"start_date" date,
	"due_date" date,
	"weight" double precision,
	"status" text DEFAULT 'not-started' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"area_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"measure_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_commentary" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"delivery_plan_id" uuid NOT NULL,
	"period" text NOT NULL,
	"priority_id" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"year_start" date NOT NULL,
	"year_end" date NOT NULL,
	"introduction" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_plans_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "delivery_update_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"update_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"as_of" date NOT NULL,
	"period_key" text NOT NULL,
	"narrative" text NOT NULL,
	"status" text NOT NULL,
	"progress" integer NOT NULL,
	"evidence_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"rejection_reason" text,
	"author_id" uuid,
	"author_label" text NOT NULL,
	"reviewed_by_id" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "delivery_actions" ADD CONSTRAINT "delivery_actions_delivery_plan_id_delivery_plans_id_fk" FOREIGN KEY ("delivery_plan_id") REFERENCES "public"."delivery_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_actions" ADD CONSTRAINT "delivery_actions_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_actions" ADD CONSTRAINT "delivery_actions_commitment_id_plan_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."plan_commitments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_actions" ADD CONSTRAINT "delivery_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_commentary" ADD CONSTRAINT "delivery_commentary_delivery_plan_id_delivery_plans_id_fk" FOREIGN KEY ("delivery_plan_id") REFERENCES "public"."delivery_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_plans" ADD CONSTRAINT "delivery_plans_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_update_files" ADD CONSTRAINT "delivery_update_files_update_id_delivery_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."delivery_updates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_updates" ADD CONSTRAINT "delivery_updates_action_id_delivery_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."delivery_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_actions_ref_uq" ON "delivery_actions" USING btree ("delivery_plan_id","reference");--> statement-breakpoint
CREATE INDEX "delivery_actions_priority_idx" ON "delivery_actions" USING btree ("priority_id");--> statement-breakpoint
CREATE INDEX "delivery_actions_owner_idx" ON "delivery_actions" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_commentary_uq" ON "delivery_commentary" USING btree ("delivery_plan_id","period","priority_id");--> statement-breakpoint
CREATE INDEX "delivery_plans_plan_idx" ON "delivery_plans" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "delivery_update_files_update_idx" ON "delivery_update_files" USING btree ("update_id");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_updates_ref_uq" ON "delivery_updates" USING btree ("action_id","reference");--> statement-breakpoint
CREATE INDEX "delivery_updates_state_idx" ON "delivery_updates" USING btree ("state");--> statement-breakpoint
CREATE INDEX "delivery_updates_period_idx" ON "delivery_updates" USING btree ("action_id","period_key");