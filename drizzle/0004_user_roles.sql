CREATE TYPE "public"."user_role" AS ENUM('viewer', 'trader', 'admin');--> statement-breakpoint
CREATE TABLE "user_roles" (
	"platform" text NOT NULL,
	"user_id" text NOT NULL,
	"role" "user_role" NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "user_roles_platform_user_id_pk" PRIMARY KEY("platform","user_id")
);
