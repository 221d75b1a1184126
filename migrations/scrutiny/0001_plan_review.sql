ALTER TABLE "scrutiny_agenda_items" ADD COLUMN "plan_id" uuid;--> statement-breakpoint
ALTER TABLE "scrutiny_panel_reports" ADD COLUMN "response_text" text;--> statement-breakpoint
ALTER TABLE "scrutiny_panel_reports" ADD COLUMN "responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scrutiny_panel_reports" ADD COLUMN "responded_by" text;--> statement-breakpoint
ALTER TABLE "scrutiny_panel_reports" ADD COLUMN "response_published_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "scrutiny_agenda_plan_idx" ON "scrutiny_agenda_items" USING btree ("plan_id");