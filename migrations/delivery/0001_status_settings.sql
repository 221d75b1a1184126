CREATE TABLE "delivery_status_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"rag" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
