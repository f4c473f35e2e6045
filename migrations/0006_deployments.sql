CREATE TABLE "deployers" (
	"service" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"rollback_on_canary_failure" boolean DEFAULT false NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployment_rollbacks" (
	"rollback_id" uuid PRIMARY KEY NOT NULL,
	"deployment_id" uuid NOT NULL,
	"action" text NOT NULL,
	"migrations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"payload" jsonb NOT NULL,
	"flags_off_ms" double precision NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"asked_at" timestamp with time zone,
	"gave_up_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"outcome" text,
	"detail" text,
	CONSTRAINT "deployment_rollbacks_action_ck" CHECK ("deployment_rollbacks"."action" in ('redeploy', 'revert_migrations')),
	CONSTRAINT "deployment_rollbacks_outcome_ck" CHECK ("deployment_rollbacks"."outcome" in ('rolled_back', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"environment" text NOT NULL,
	"service" text NOT NULL,
	"version" text NOT NULL,
	"previous_version" text,
	"commit" text,
	"migrations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"canary_flag" text,
	"canary_id" uuid,
	"rollback_on_canary_failure" boolean,
	"status" text DEFAULT 'deployed' NOT NULL,
	"reverted_migrations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deployments_status_ck" CHECK ("deployments"."status" in ('deployed', 'rolling_back', 'rolled_back', 'rollback_failed'))
);
--> statement-breakpoint
ALTER TABLE "rollbacks" DROP CONSTRAINT "rollbacks_type_ck";--> statement-breakpoint
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_role_ck";--> statement-breakpoint
ALTER TABLE "deployment_rollbacks" ADD CONSTRAINT "deployment_rollbacks_rollback_id_rollbacks_id_fk" FOREIGN KEY ("rollback_id") REFERENCES "public"."rollbacks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployment_rollbacks" ADD CONSTRAINT "deployment_rollbacks_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_environment_environments_key_fk" FOREIGN KEY ("environment") REFERENCES "public"."environments"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deployment_rollbacks_due_idx" ON "deployment_rollbacks" USING btree ("next_attempt_at") WHERE "deployment_rollbacks"."asked_at" is null and "deployment_rollbacks"."gave_up_at" is null and "deployment_rollbacks"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "deployment_rollbacks_deployment_idx" ON "deployment_rollbacks" USING btree ("deployment_id");--> statement-breakpoint
CREATE INDEX "deployments_service_idx" ON "deployments" USING btree ("environment","service","created_at");--> statement-breakpoint
CREATE INDEX "deployments_canary_idx" ON "deployments" USING btree ("canary_id");--> statement-breakpoint
ALTER TABLE "rollbacks" ADD CONSTRAINT "rollbacks_type_ck" CHECK ("rollbacks"."type" in ('feature_flag', 'canary', 'flag_version', 'deployment', 'database_migration'));--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_role_ck" CHECK ("api_tokens"."role" in ('admin', 'operator', 'viewer', 'sdk', 'client', 'deployer'));
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0006_deployments') ON CONFLICT ("tag") DO NOTHING;
