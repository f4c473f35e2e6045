ALTER TABLE "canaries" ADD COLUMN "step_canary_requests" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "canaries" ADD COLUMN "step_baseline_requests" bigint DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- A canary in flight is measured from now: its next promotion waits for traffic at its current step.
UPDATE "canaries" SET
	"step_canary_requests" = coalesce((SELECT "requests" FROM "canary_metrics" WHERE "canary_id" = "canaries"."id" AND "side" = 'canary'), 0),
	"step_baseline_requests" = coalesce((SELECT "requests" FROM "canary_metrics" WHERE "canary_id" = "canaries"."id" AND "side" = 'baseline'), 0)
WHERE "status" IN ('running', 'paused');
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0001_canary_step_counts') ON CONFLICT ("tag") DO NOTHING;
