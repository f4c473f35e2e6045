ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_role_ck";--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_role_ck" CHECK ("api_tokens"."role" in ('admin', 'operator', 'viewer', 'sdk', 'client'));
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0005_client_tokens') ON CONFLICT ("tag") DO NOTHING;
