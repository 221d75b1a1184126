CREATE TABLE "engagement_codes" (
	"response_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"theme_id" uuid NOT NULL,
	"coded_by" text NOT NULL,
	"coded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagement_codes_response_id_question_id_theme_id_pk" PRIMARY KEY("response_id","question_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "engagement_coding_notes" (
	"response_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"note" text NOT NULL,
	"author" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagement_coding_notes_response_id_question_id_pk" PRIMARY KEY("response_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "engagement_consultations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"plan_reference" text,
	"priority_references" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"audience" text DEFAULT '' NOT NULL,
	"areas" text DEFAULT '' NOT NULL,
	"stage" text DEFAULT 'planned' NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"original_closes_on" date,
	"extension_reason" text,
	"results_summary" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagement_consultations_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "engagement_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"held_on" date NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"local_authority_code" text,
	"ward_code" text,
	"ward_name" text,
	"organisation" text DEFAULT '' NOT NULL,
	"attendees" integer,
	"issues_raised" text DEFAULT '' NOT NULL,
	"follow_ups" text DEFAULT '' NOT NULL,
	"follow_up_owner" text DEFAULT '' NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_methods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"places" text DEFAULT '' NOT NULL,
	"target_groups" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_quotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"response_id" uuid,
	"theme_id" uuid,
	"text" text NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"published_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"channel" text DEFAULT 'online' NOT NULL,
	"answers" jsonb NOT NULL,
	"area_code" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source_key" text,
	"entered_by" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagement_responses_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "engagement_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"previous_version_id" uuid,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"definition" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_themes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"parent_id" uuid,
	"label" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"response" text DEFAULT '' NOT NULL,
	"priority_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"commitment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "engagement_codes" ADD CONSTRAINT "engagement_codes_response_id_engagement_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."engagement_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_codes" ADD CONSTRAINT "engagement_codes_theme_id_engagement_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."engagement_themes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_coding_notes" ADD CONSTRAINT "engagement_coding_notes_response_id_engagement_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."engagement_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_contacts" ADD CONSTRAINT "engagement_contacts_consultation_id_engagement_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."engagement_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_methods" ADD CONSTRAINT "engagement_methods_consultation_id_engagement_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."engagement_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_quotations" ADD CONSTRAINT "engagement_quotations_consultation_id_engagement_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."engagement_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_quotations" ADD CONSTRAINT "engagement_quotations_response_id_engagement_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."engagement_responses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_quotations" ADD CONSTRAINT "engagement_quotations_theme_id_engagement_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."engagement_themes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_responses" ADD CONSTRAINT "engagement_responses_survey_id_engagement_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."engagement_surveys"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_surveys" ADD CONSTRAINT "engagement_surveys_consultation_id_engagement_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."engagement_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_themes" ADD CONSTRAINT "engagement_themes_consultation_id_engagement_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."engagement_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "engagement_codes_theme_idx" ON "engagement_codes" USING btree ("theme_id");--> statement-breakpoint
CREATE INDEX "engagement_consultations_stage_idx" ON "engagement_consultations" USING btree ("stage");--> statement-breakpoint
CREATE UNIQUE INDEX "engagement_contacts_uq" ON "engagement_contacts" USING btree ("consultation_id","email");--> statement-breakpoint
CREATE INDEX "engagement_log_date_idx" ON "engagement_log" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "engagement_log_ward_idx" ON "engagement_log" USING btree ("ward_code");--> statement-breakpoint
CREATE INDEX "engagement_methods_consultation_idx" ON "engagement_methods" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "engagement_quotations_consultation_idx" ON "engagement_quotations" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "engagement_responses_survey_idx" ON "engagement_responses" USING btree ("survey_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "engagement_responses_source_uq" ON "engagement_responses" USING btree ("survey_id","source_key");--> statement-breakpoint
CREATE UNIQUE INDEX "engagement_surveys_version_uq" ON "engagement_surveys" USING btree ("consultation_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "engagement_themes_label_uq" ON "engagement_themes" USING btree ("consultation_id","label");