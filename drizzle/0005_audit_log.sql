CREATE TYPE "public"."audit_outcome" AS ENUM('ok', 'refused', 'failed', 'pending', 'cancelled');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"who" text NOT NULL,
	"platform" text NOT NULL,
	"chat_id" text,
	"intent" text NOT NULL,
	"args" jsonb NOT NULL,
	"outcome" "audit_outcome" NOT NULL,
	"reason" text,
	"order_ids" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at","id");