CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_token_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_key" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "canaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"feature_key" text NOT NULL,
	"version" text NOT NULL,
	"status" text NOT NULL,
	"percentage" numeric(5, 2) NOT NULL,
	"initial_percentage" numeric(5, 2) NOT NULL,
	"rollback_threshold" numeric(5, 2) NOT NULL,
	"min_sample_size" integer NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"step_index" integer DEFAULT 0 NOT NULL,
	"analysis" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"webhook_url" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"step_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "canaries_status_ck" CHECK ("canaries"."status" in ('running', 'paused', 'rolled_back', 'completed')),
	CONSTRAINT "canaries_percentage_ck" CHECK ("canaries"."percentage" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "canary_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"canary_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"message" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "canary_metrics" (
	"canary_id" uuid NOT NULL,
	"side" text NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL,
	"latency_ms_sum" double precision DEFAULT 0 NOT NULL,
	"latency_buckets" bigint[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canary_metrics_pk" PRIMARY KEY("canary_id","side"),
	CONSTRAINT "canary_metrics_side_ck" CHECK ("canary_metrics"."side" in ('canary', 'baseline'))
);
--> statement-breakpoint
CREATE TABLE "canary_windows" (
	"canary_id" uuid NOT NULL,
	"side" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "canary_windows_pk" PRIMARY KEY("canary_id","side","window_start")
);
--> statement-breakpoint
CREATE TABLE "change_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"type" text NOT NULL,
	"entity_key" text NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chaos_injections" (
	"rule_id" uuid PRIMARY KEY NOT NULL,
	"injected" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chaos_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"probability" numeric(5, 2) NOT NULL,
	"target" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expires_at" timestamp with time zone,
	"stop_on_flag_key" text,
	"disabled_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chaos_rules_type_ck" CHECK ("chaos_rules"."type" in ('latency', 'error', 'timeout', 'database_failure', 'redis_failure', 'random_failure')),
	CONSTRAINT "chaos_rules_probability_ck" CHECK ("chaos_rules"."probability" between 0 and 100),
	CONSTRAINT "chaos_rules_config_ck" CHECK (jsonb_typeof("chaos_rules"."config") = 'object'),
	CONSTRAINT "chaos_rules_version_ck" CHECK ("chaos_rules"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "flag_versions" (
	"flag_key" text NOT NULL,
	"version" integer NOT NULL,
	"flag" jsonb NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flag_versions_pk" PRIMARY KEY("flag_key","version")
);
--> statement-breakpoint
CREATE TABLE "flags" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"type" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"percentage" numeric(5, 2),
	"group_id" text,
	"stickiness" text,
	"user_ids" text[],
	"ips" text[],
	"variants" jsonb,
	"archived" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flags_type_ck" CHECK ("flags"."type" in ('boolean', 'percentage', 'user_targeting', 'ip_targeting')),
	CONSTRAINT "flags_percentage_ck" CHECK ("flags"."percentage" between 0 and 100),
	CONSTRAINT "flags_version_ck" CHECK ("flags"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "rollbacks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"target_key" text NOT NULL,
	"reason" text NOT NULL,
	"actor" text NOT NULL,
	"previous_state" jsonb,
	"new_state" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" double precision NOT NULL,
	CONSTRAINT "rollbacks_type_ck" CHECK ("rollbacks"."type" in ('feature_flag', 'canary', 'flag_version'))
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"secret_hash" text NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_role_ck" CHECK ("api_tokens"."role" in ('admin', 'operator', 'viewer', 'sdk'))
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"url" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "canaries" ADD CONSTRAINT "canaries_feature_key_flags_key_fk" FOREIGN KEY ("feature_key") REFERENCES "public"."flags"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canary_events" ADD CONSTRAINT "canary_events_canary_id_canaries_id_fk" FOREIGN KEY ("canary_id") REFERENCES "public"."canaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canary_metrics" ADD CONSTRAINT "canary_metrics_canary_id_canaries_id_fk" FOREIGN KEY ("canary_id") REFERENCES "public"."canaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canary_windows" ADD CONSTRAINT "canary_windows_canary_id_canaries_id_fk" FOREIGN KEY ("canary_id") REFERENCES "public"."canaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chaos_injections" ADD CONSTRAINT "chaos_injections_rule_id_chaos_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."chaos_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag_versions" ADD CONSTRAINT "flag_versions_flag_key_flags_key_fk" FOREIGN KEY ("flag_key") REFERENCES "public"."flags"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_key","id");--> statement-breakpoint
CREATE UNIQUE INDEX "canaries_one_active_per_flag_uq" ON "canaries" USING btree ("feature_key") WHERE "canaries"."status" in ('running', 'paused');--> statement-breakpoint
CREATE INDEX "canaries_feature_key_idx" ON "canaries" USING btree ("feature_key","started_at");--> statement-breakpoint
CREATE INDEX "canary_events_canary_idx" ON "canary_events" USING btree ("canary_id","id");--> statement-breakpoint
CREATE INDEX "canary_windows_start_idx" ON "canary_windows" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "chaos_rules_expiry_idx" ON "chaos_rules" USING btree ("expires_at") WHERE "chaos_rules"."enabled";--> statement-breakpoint
CREATE INDEX "rollbacks_created_idx" ON "rollbacks" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "rollbacks_target_idx" ON "rollbacks" USING btree ("target_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_secret_hash_uq" ON "api_tokens" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries" USING btree ("next_attempt_at");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0000_initial_schema') ON CONFLICT ("tag") DO NOTHING;
