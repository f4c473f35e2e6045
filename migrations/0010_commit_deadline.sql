-- The last step of a write made of one statement (outcome ingest's group commit): it fails the
-- statement, so nothing commits, once the database's clock has passed the write's deadline.
-- `written` comes from the statement's other parts, so the check runs after them (and after any
-- lock they waited for); the commit follows on the server with no round trip in between.
CREATE OR REPLACE FUNCTION "sluice_commit_by"("deadline_ms" double precision, "written" bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF extract(epoch from clock_timestamp()) * 1000 >= deadline_ms THEN
    RAISE EXCEPTION 'the write deadline passed before the statement could commit' USING ERRCODE = 'SL001';
  END IF;
  RETURN written;
END
$$;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0010_commit_deadline') ON CONFLICT ("tag") DO NOTHING;
