ALTER TABLE "audit_log" ADD COLUMN "prev_hash" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "hash" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- The tamper-evident chain: each entry's hash covers the hash before it and the entry's content
-- (times as whole microseconds since 1970, so the text hashed does not depend on the session's
-- time zone). Verified by `npx openpcc audit verify` and on /admin/audit.
CREATE OR REPLACE FUNCTION audit_log_entry_hash(prev text, a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev || jsonb_build_array(
    a.id, (extract(epoch FROM a.at) * 1000000)::bigint, a.actor_id, a.actor_label, a.action,
    a.entity_type, a.entity_id, a.summary, a.before, a.after, a.request_id)::text, 'UTF8')), 'hex')
$$;--> statement-breakpoint
-- Existing entries are chained in the order they were written.
DO $$
DECLARE
  r audit_log;
  previous text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    r.prev_hash := previous;
    previous := audit_log_entry_hash(previous, r);
    UPDATE audit_log SET prev_hash = r.prev_hash, hash = previous WHERE id = r.id;
  END LOOP;
END $$;--> statement-breakpoint
-- Writers are serialised by a transaction-level advisory lock, and the id is taken under it, so
-- the order of ids is the order of the chain whatever the number of concurrent writers.
ALTER TABLE "audit_log" ALTER COLUMN "id" DROP DEFAULT;--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(7301730);
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  SELECT hash INTO previous FROM audit_log ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := coalesce(previous, repeat('0', 64));
  NEW.hash := audit_log_entry_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();--> statement-breakpoint
-- Entries are never changed or removed by the application (a database owner could drop this
-- trigger: the chain then shows the change, and the anchored head shows a removed tail).
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % of entry % refused', TG_OP, OLD.id USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
