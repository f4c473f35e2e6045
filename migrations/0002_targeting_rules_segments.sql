CREATE TABLE "segments" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"constraints" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_version_ck" CHECK ("segments"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "flags" DROP CONSTRAINT "flags_type_ck";--> statement-breakpoint
ALTER TABLE "canaries" ADD COLUMN "rule_id" text;--> statement-breakpoint
ALTER TABLE "flags" ADD COLUMN "rules" jsonb;--> statement-breakpoint
ALTER TABLE "flags" ADD COLUMN "dependencies" jsonb;--> statement-breakpoint
ALTER TABLE "flags" ADD CONSTRAINT "flags_type_ck" CHECK ("flags"."type" in ('boolean', 'percentage', 'user_targeting', 'ip_targeting', 'rules'));
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0002_targeting_rules_segments') ON CONFLICT ("tag") DO NOTHING;
