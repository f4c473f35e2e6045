CREATE TABLE "canary_outcome_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"canary_id" uuid NOT NULL,
	"side" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"requests" bigint NOT NULL,
	"errors" bigint NOT NULL,
	"latency_ms_sum" double precision NOT NULL,
	"latency_sketch" jsonb NOT NULL,
	CONSTRAINT "canary_outcome_log_side_ck" CHECK ("canary_outcome_log"."side" in ('canary', 'baseline'))
);
--> statement-breakpoint
DROP INDEX "outcome_batches_committed_at_idx";--> statement-breakpoint
CREATE INDEX "canary_outcome_log_canary_idx" ON "canary_outcome_log" USING btree ("canary_id");--> statement-breakpoint
CREATE INDEX "outcome_batches_committed_at_idx" ON "outcome_batches" USING brin ("committed_at");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0009_outcome_log') ON CONFLICT ("tag") DO NOTHING;
