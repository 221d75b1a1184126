CREATE TABLE "crime_month_counts" (
	"force" text NOT NULL,
	"month" text NOT NULL,
	"category" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "crime_month_counts_force_month_category_pk" PRIMARY KEY("force","month","category")
);
--> statement-breakpoint
INSERT INTO "crime_month_counts" ("force", "month", "category", "count") SELECT "force", "month", "category", sum("count")::int FROM "crime_street_counts" GROUP BY 1, 2, 3;
