-- Environments (issue 16). Existing state moves into the default environment, read from the
-- setting sluice.default_environment (the service's migrator sets it from DEFAULT_ENVIRONMENT;
-- with psql run `SET sluice.default_environment = 'staging';` first), else `production`.
CREATE TABLE "environments" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"production" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "environments_key_ck" CHECK ("environments"."key" ~ '^[a-z0-9][a-z0-9_-]{0,63}$')
);
--> statement-breakpoint
INSERT INTO "environments" ("key", "name", "production", "sort_order") VALUES
	('development', 'Development', false, 10),
	('staging', 'Staging', false, 20),
	('production', 'Production', true, 30);
--> statement-breakpoint
INSERT INTO "environments" ("key", "name", "production", "sort_order")
	SELECT d, d, d = 'production', 40
	FROM (SELECT coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production') AS d) AS s
	ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
ALTER TABLE "canaries" DROP CONSTRAINT "canaries_feature_key_flags_key_fk";
--> statement-breakpoint
ALTER TABLE "flag_versions" DROP CONSTRAINT "flag_versions_flag_key_flags_key_fk";
--> statement-breakpoint
DROP INDEX "canaries_one_active_per_flag_uq";--> statement-breakpoint
DROP INDEX "canaries_feature_key_idx";--> statement-breakpoint
DROP INDEX "rollbacks_target_idx";--> statement-breakpoint
ALTER TABLE "flags" DROP CONSTRAINT "flags_pkey";--> statement-breakpoint
ALTER TABLE "segments" DROP CONSTRAINT "segments_pkey";--> statement-breakpoint
ALTER TABLE "flag_versions" DROP CONSTRAINT "flag_versions_pk";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "environment" text;--> statement-breakpoint
ALTER TABLE "change_events" ADD COLUMN "environment" text;--> statement-breakpoint
ALTER TABLE "canaries" ADD COLUMN "environment" text NOT NULL DEFAULT coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production');--> statement-breakpoint
ALTER TABLE "chaos_rules" ADD COLUMN "environment" text NOT NULL DEFAULT coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production');--> statement-breakpoint
ALTER TABLE "flag_versions" ADD COLUMN "environment" text NOT NULL DEFAULT coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production');--> statement-breakpoint
ALTER TABLE "flags" ADD COLUMN "environment" text NOT NULL DEFAULT coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production');--> statement-breakpoint
ALTER TABLE "rollbacks" ADD COLUMN "environment" text NOT NULL DEFAULT coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production');--> statement-breakpoint
ALTER TABLE "segments" ADD COLUMN "environment" text NOT NULL DEFAULT coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production');--> statement-breakpoint
ALTER TABLE "canaries" ALTER COLUMN "environment" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "chaos_rules" ALTER COLUMN "environment" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "flag_versions" ALTER COLUMN "environment" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "flags" ALTER COLUMN "environment" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "rollbacks" ALTER COLUMN "environment" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "segments" ALTER COLUMN "environment" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "environment" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "environments" text[];--> statement-breakpoint
-- An sdk token saw the one state there was: it now sees the default environment's.
UPDATE "api_tokens" SET "environment" = coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production') WHERE "role" = 'sdk';--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_pk" PRIMARY KEY("environment","key");--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_pk" PRIMARY KEY("environment","key");--> statement-breakpoint
ALTER TABLE "flag_versions" ADD CONSTRAINT "flag_versions_pk" PRIMARY KEY("environment","flag_key","version");--> statement-breakpoint
-- A flag exists in every environment: the others get the default's config, disabled, at version 1.
INSERT INTO "flags" ("environment", "key", "name", "description", "type", "enabled", "percentage", "group_id", "stickiness", "user_ids", "ips", "variants", "rules", "dependencies", "archived", "version")
	SELECT e."key", f."key", f."name", f."description", f."type", false, f."percentage", f."group_id", f."stickiness", f."user_ids", f."ips", f."variants", f."rules", f."dependencies", f."archived", 1
	FROM "flags" f CROSS JOIN "environments" e
	WHERE f."environment" = coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production') AND e."key" <> f."environment";
--> statement-breakpoint
INSERT INTO "flag_versions" ("environment", "flag_key", "version", "flag", "action", "actor")
	SELECT f."environment", f."key", 1, jsonb_strip_nulls(jsonb_build_object(
		'environment', f."environment", 'key', f."key", 'name', f."name", 'description', f."description", 'type', f."type",
		'enabled', f."enabled", 'percentage', f."percentage", 'groupId', f."group_id", 'stickiness', f."stickiness",
		'userIds', f."user_ids", 'ips', f."ips", 'variants', f."variants", 'rules', f."rules", 'dependencies', f."dependencies",
		'archived', f."archived", 'version', f."version", 'createdAt', f."created_at", 'updatedAt', f."updated_at")), 'flag.created', 'system'
	FROM "flags" f
	WHERE f."environment" <> coalesce(nullif(current_setting('sluice.default_environment', true), ''), 'production');
--> statement-breakpoint
ALTER TABLE "canaries" ADD CONSTRAINT "canaries_flag_fk" FOREIGN KEY ("environment","feature_key") REFERENCES "public"."flags"("environment","key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chaos_rules" ADD CONSTRAINT "chaos_rules_environment_environments_key_fk" FOREIGN KEY ("environment") REFERENCES "public"."environments"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flag_versions" ADD CONSTRAINT "flag_versions_flag_fk" FOREIGN KEY ("environment","flag_key") REFERENCES "public"."flags"("environment","key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_environment_environments_key_fk" FOREIGN KEY ("environment") REFERENCES "public"."environments"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollbacks" ADD CONSTRAINT "rollbacks_environment_environments_key_fk" FOREIGN KEY ("environment") REFERENCES "public"."environments"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_environment_environments_key_fk" FOREIGN KEY ("environment") REFERENCES "public"."environments"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_environment_environments_key_fk" FOREIGN KEY ("environment") REFERENCES "public"."environments"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chaos_rules_environment_idx" ON "chaos_rules" USING btree ("environment");--> statement-breakpoint
CREATE UNIQUE INDEX "canaries_one_active_per_flag_uq" ON "canaries" USING btree ("environment","feature_key") WHERE "canaries"."status" in ('running', 'paused');--> statement-breakpoint
CREATE INDEX "canaries_feature_key_idx" ON "canaries" USING btree ("environment","feature_key","started_at");--> statement-breakpoint
CREATE INDEX "rollbacks_target_idx" ON "rollbacks" USING btree ("environment","target_key","created_at");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0004_environments') ON CONFLICT ("tag") DO NOTHING;
