CREATE TABLE "scrutiny_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"description" text NOT NULL,
	"owner" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_on" date,
	"closure_note" text
);
--> statement-breakpoint
CREATE TABLE "scrutiny_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrutiny_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"decision_date" date NOT NULL,
	"decided_by" text NOT NULL,
	"summary" text NOT NULL,
	"financial_implications" text,
	"significant_public_interest" boolean DEFAULT false NOT NULL,
	"exempt_parts" text,
	"exemption_reason" text,
	"published" boolean DEFAULT false NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scrutiny_decisions_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "scrutiny_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"title" text NOT NULL,
	"file_key" text,
	"file_name" text,
	"content_type" text,
	"size" integer,
	"url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrutiny_finding_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"update_date" date NOT NULL,
	"text" text NOT NULL,
	"author" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrutiny_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"priority_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"priority_titles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrutiny_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"published_on" date NOT NULL,
	"summary" text,
	"url" text,
	"comments_text" text,
	"comments_published_on" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scrutiny_inspections_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "scrutiny_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"meeting_date" date NOT NULL,
	"place" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"minutes" text,
	"public_summary" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrutiny_panel_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"report_date" date NOT NULL,
	"meeting_id" uuid,
	"resolution" text,
	"body" text,
	"plan_id" uuid,
	"answered_by_plan_id" uuid,
	"published" boolean DEFAULT true NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scrutiny_panel_reports_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "scrutiny_publication_classes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"requirement" text NOT NULL,
	"max_age_days" integer NOT NULL,
	"where_url" text,
	"last_updated" date
);
--> statement-breakpoint
CREATE TABLE "scrutiny_recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"response_due" date NOT NULL,
	"response" text,
	"response_text" text,
	"responded_at" timestamp with time zone,
	"responded_by" text,
	"response_published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scrutiny_risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"owner" text NOT NULL,
	"mitigations" text,
	"review_date" date NOT NULL,
	"closed" boolean DEFAULT false NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "scrutiny_risks_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "scrutiny_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrutiny_topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"priority_id" uuid,
	"priority_title" text,
	"measure_id" text,
	"measure_title" text,
	"question" text,
	"answer" text
);
--> statement-breakpoint
ALTER TABLE "scrutiny_actions" ADD CONSTRAINT "scrutiny_actions_meeting_id_scrutiny_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."scrutiny_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_agenda_items" ADD CONSTRAINT "scrutiny_agenda_items_meeting_id_scrutiny_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."scrutiny_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_finding_updates" ADD CONSTRAINT "scrutiny_finding_updates_finding_id_scrutiny_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."scrutiny_findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_findings" ADD CONSTRAINT "scrutiny_findings_inspection_id_scrutiny_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."scrutiny_inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_panel_reports" ADD CONSTRAINT "scrutiny_panel_reports_meeting_id_scrutiny_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."scrutiny_meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_recommendations" ADD CONSTRAINT "scrutiny_recommendations_report_id_scrutiny_panel_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."scrutiny_panel_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrutiny_topics" ADD CONSTRAINT "scrutiny_topics_meeting_id_scrutiny_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."scrutiny_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scrutiny_actions_meeting_idx" ON "scrutiny_actions" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "scrutiny_agenda_meeting_idx" ON "scrutiny_agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "scrutiny_documents_owner_idx" ON "scrutiny_documents" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "scrutiny_finding_updates_idx" ON "scrutiny_finding_updates" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "scrutiny_findings_inspection_idx" ON "scrutiny_findings" USING btree ("inspection_id","position");--> statement-breakpoint
CREATE INDEX "scrutiny_meetings_kind_idx" ON "scrutiny_meetings" USING btree ("kind","meeting_date");--> statement-breakpoint
CREATE UNIQUE INDEX "scrutiny_publication_classes_key_uq" ON "scrutiny_publication_classes" USING btree ("key");--> statement-breakpoint
CREATE INDEX "scrutiny_recommendations_report_idx" ON "scrutiny_recommendations" USING btree ("report_id","position");--> statement-breakpoint
CREATE INDEX "scrutiny_topics_meeting_idx" ON "scrutiny_topics" USING btree ("meeting_id","position");