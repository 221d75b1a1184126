-- crime_ids becomes a table partitioned by force, then by month, so an import builds a month's
-- Crime IDs as a table of its own (bulk insert, then one index build) and swaps it in by ATTACH,
-- instead of inserting a month's rows into one ever-growing index. No NOT NULLs: a month's table
-- is made by CREATE TABLE AS and attached as it is (the import never writes nulls). Leaf names are
-- crime_ids_<first 12 hex of md5(force)>_<YYYYMM> (see crimeIds.ts). Existing rows are moved.
ALTER TABLE "crime_ids" RENAME TO "crime_ids_old";
--> statement-breakpoint
DROP INDEX IF EXISTS "crime_ids_key_idx";
--> statement-breakpoint
DROP INDEX IF EXISTS "crime_ids_month_idx";
--> statement-breakpoint
CREATE TABLE "crime_ids" (
	"force" text,
	"month" text,
	"crime_key" bigint,
	"category" text
) PARTITION BY LIST ("force");
--> statement-breakpoint
DO $$
DECLARE
  r record;
  f text;
  leaf text;
BEGIN
  FOR r IN SELECT DISTINCT "force", "month" FROM "crime_ids_old" LOOP
    f := 'crime_ids_' || substr(md5(r."force"), 1, 12);
    leaf := f || '_' || replace(r."month", '-', '');
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF "crime_ids" FOR VALUES IN (%L) PARTITION BY LIST ("month")', f, r."force");
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES IN (%L)', leaf, f, r."month");
    EXECUTE format('INSERT INTO %I ("force", "month", "crime_key", "category") SELECT "force", "month", "crime_key", "category" FROM "crime_ids_old" WHERE "force" = %L AND "month" = %L', leaf, r."force", r."month");
    EXECUTE format('CREATE INDEX %I ON %I ("crime_key")', leaf || '_key', leaf);
  END LOOP;
END $$;
--> statement-breakpoint
DROP TABLE "crime_ids_old";
