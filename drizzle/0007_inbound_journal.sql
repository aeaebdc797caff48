ALTER TABLE "handled_updates" ADD COLUMN "chat_id" text;--> statement-breakpoint
ALTER TABLE "handled_updates" ADD COLUMN "message" jsonb;--> statement-breakpoint
ALTER TABLE "handled_updates" ADD COLUMN "target" jsonb;--> statement-breakpoint
ALTER TABLE "handled_updates" ADD COLUMN "answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pending_confirmations" ADD COLUMN "taken_at" timestamp with time zone;