CREATE TABLE "resource_assessment_scores" (
	"application_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"user_label" text NOT NULL,
	"scores" jsonb NOT NULL,
	"total" integer NOT NULL,
	"comment" text,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_assessment_scores_application_id_user_id_pk" PRIMARY KEY("application_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "resource_conflict_declarations" (
	"application_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"has_conflict" boolean NOT NULL,
	"detail" text,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_conflict_declarations_application_id_user_id_pk" PRIMARY KEY("application_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "resource_contract_reminders" (
	"contract_id" uuid NOT NULL,
	"end_date" date NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_contract_reminders_contract_id_end_date_pk" PRIMARY KEY("contract_id","end_date")
);
--> statement-breakpoint
CREATE TABLE "resource_contract_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"quarter" text NOT NULL,
	"outputs" text NOT NULL,
	"outcomes" text NOT NULL,
	"people_supported" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"provider" text NOT NULL,
	"service" text NOT NULL,
	"value_pence" bigint NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"funding_source" text NOT NULL,
	"living_wage" text DEFAULT 'unknown' NOT NULL,
	"plan_reference" text,
	"priority_references" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact_email" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_contracts_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "resource_finance_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"financial_year" text NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"label" text NOT NULL,
	"forecast_pence" bigint,
	"actual_pence" bigint,
	"plan_reference" text,
	"priority_reference" text,
	"note" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_grant_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"organisation" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"project" text NOT NULL,
	"description" text NOT NULL,
	"amount_pence" bigint NOT NULL,
	"priority_reference" text NOT NULL,
	"area" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_grant_applications_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "resource_grant_awards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"project" text NOT NULL,
	"area" text NOT NULL,
	"amount_pence" bigint NOT NULL,
	"awarded_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_grant_awards_application_id_unique" UNIQUE("application_id")
);
--> statement-breakpoint
CREATE TABLE "resource_grant_funds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_grant_funds_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "resource_grant_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"award_id" uuid NOT NULL,
	"amount_pence" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_grant_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fund_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"criteria" jsonb NOT NULL,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"max_award_pence" bigint,
	"plan_reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_monitoring_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"award_id" uuid NOT NULL,
	"submitted_on" date NOT NULL,
	"summary" text NOT NULL,
	"people_reached" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_precept_bases" (
	"financial_year" text PRIMARY KEY NOT NULL,
	"tax_base" double precision NOT NULL,
	"band_d_pence" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_round_assessors" (
	"round_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"user_label" text NOT NULL,
	CONSTRAINT "resource_round_assessors_round_id_user_id_pk" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "resource_spending_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"paid_on" date NOT NULL,
	"supplier" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"amount_pence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resource_spending_items_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "resource_workforce_figures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"financial_year" text NOT NULL,
	"category" text NOT NULL,
	"kind" text NOT NULL,
	"fte" double precision NOT NULL,
	"source" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_workforce_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category" text NOT NULL,
	"label" text NOT NULL,
	"target_fte" double precision NOT NULL,
	"by_year" text,
	"plan_reference" text,
	"commitment_reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "resource_assessment_scores" ADD CONSTRAINT "resource_assessment_scores_application_id_resource_grant_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."resource_grant_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_conflict_declarations" ADD CONSTRAINT "resource_conflict_declarations_application_id_resource_grant_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."resource_grant_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_contract_reminders" ADD CONSTRAINT "resource_contract_reminders_contract_id_resource_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."resource_contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_contract_returns" ADD CONSTRAINT "resource_contract_returns_contract_id_resource_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."resource_contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_grant_applications" ADD CONSTRAINT "resource_grant_applications_round_id_resource_grant_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."resource_grant_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_grant_awards" ADD CONSTRAINT "resource_grant_awards_application_id_resource_grant_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."resource_grant_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_grant_awards" ADD CONSTRAINT "resource_grant_awards_round_id_resource_grant_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."resource_grant_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_grant_payments" ADD CONSTRAINT "resource_grant_payments_award_id_resource_grant_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."resource_grant_awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_grant_rounds" ADD CONSTRAINT "resource_grant_rounds_fund_id_resource_grant_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."resource_grant_funds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_monitoring_returns" ADD CONSTRAINT "resource_monitoring_returns_award_id_resource_grant_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."resource_grant_awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_round_assessors" ADD CONSTRAINT "resource_round_assessors_round_id_resource_grant_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."resource_grant_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "resource_contract_returns_uq" ON "resource_contract_returns" USING btree ("contract_id","quarter");--> statement-breakpoint
CREATE INDEX "resource_contracts_end_idx" ON "resource_contracts" USING btree ("end_date");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_finance_lines_uq" ON "resource_finance_lines" USING btree ("financial_year","kind","label");--> statement-breakpoint
CREATE INDEX "resource_grant_applications_round_idx" ON "resource_grant_applications" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "resource_grant_awards_round_idx" ON "resource_grant_awards" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "resource_spending_paid_idx" ON "resource_spending_items" USING btree ("paid_on");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_workforce_figures_uq" ON "resource_workforce_figures" USING btree ("financial_year","category","kind");