ALTER TABLE "canary_metrics" ALTER COLUMN "latency_buckets" SET DEFAULT '{}'::bigint[];--> statement-breakpoint
ALTER TABLE "canary_metrics" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "canary_metrics" ADD COLUMN "latency_sketch" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "canary_windows" ADD COLUMN "stripe" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "canary_metrics" DROP CONSTRAINT "canary_metrics_pk";
--> statement-breakpoint
ALTER TABLE "canary_metrics" ADD CONSTRAINT "canary_metrics_pk" PRIMARY KEY("canary_id","side","stripe");--> statement-breakpoint
ALTER TABLE "canary_windows" DROP CONSTRAINT "canary_windows_pk";
--> statement-breakpoint
ALTER TABLE "canary_windows" ADD CONSTRAINT "canary_windows_pk" PRIMARY KEY("canary_id","side","window_start","stripe");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0003_canary_latency_sketch_and_stripes') ON CONFLICT ("tag") DO NOTHING;
