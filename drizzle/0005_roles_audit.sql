CREATE TYPE "public"."audit_outcome" AS ENUM('ok', 'refused', 'failed', 'pending', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('viewer', 'trader', 'admin');--> statement-breakpoint
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
CREATE TABLE "user_roles" (
	"platform" text NOT NULL,
	"user_id" text NOT NULL,
	"role" "user_role" NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_roles_platform_user_id_pk" PRIMARY KEY("platform","user_id")
);
--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at","id");