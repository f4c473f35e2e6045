CREATE TABLE "outcome_batches" (
	"token_id" uuid NOT NULL,
	"key" text NOT NULL,
	"accepted" integer NOT NULL,
	"ignored" integer NOT NULL,
	"committed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_batches_pk" PRIMARY KEY("token_id","key")
);
--> statement-breakpoint
CREATE INDEX "outcome_batches_committed_at_idx" ON "outcome_batches" USING btree ("committed_at");
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sluice_migrations" ("tag" text PRIMARY KEY, "hash" text, "applied_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
INSERT INTO "sluice_migrations" ("tag") VALUES ('0007_outcome_batches') ON CONFLICT ("tag") DO NOTHING;
