CREATE TABLE "plan_theme_priorities" (
	"theme_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	CONSTRAINT "plan_theme_priorities_theme_id_priority_id_pk" PRIMARY KEY("theme_id","priority_id")
);
--> statement-breakpoint
CREATE TABLE "plan_themes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text
);
--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "follows_id" uuid;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "document_title" text;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "published_on" text;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "consultation_opens" date;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "consultation_closes" date;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "consultation_extension" text;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "panel_review_on" date;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "commissioner_name" text;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "commissioner_title" text;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "labels" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_priorities" ADD COLUMN "lists" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_theme_priorities" ADD CONSTRAINT "plan_theme_priorities_theme_id_plan_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."plan_themes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_theme_priorities" ADD CONSTRAINT "plan_theme_priorities_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_themes" ADD CONSTRAINT "plan_themes_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_theme_priorities_priority_idx" ON "plan_theme_priorities" USING btree ("priority_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_themes_ref_uq" ON "plan_themes" USING btree ("plan_id","reference");