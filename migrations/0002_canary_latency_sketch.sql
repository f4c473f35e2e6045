ALTER TABLE "canary_metrics" ALTER COLUMN "latency_buckets" SET DEFAULT '{}'::bigint[];--> statement-breakpoint
ALTER TABLE "canary_metrics" ADD COLUMN "latency_sketch" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0002_canary_latency_sketch') ON CONFLICT ("tag") DO NOTHING;
