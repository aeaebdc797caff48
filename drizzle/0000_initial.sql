CREATE TABLE "bars" (
	"symbol" text NOT NULL,
	"timeframe" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"open" double precision,
	"high" double precision,
	"low" double precision,
	"close" double precision NOT NULL,
	"volume" double precision,
	"source" text NOT NULL,
	CONSTRAINT "bars_symbol_timeframe_time_pk" PRIMARY KEY("symbol","timeframe","time")
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"series_id" text NOT NULL,
	"date" date NOT NULL,
	"value" double precision,
	CONSTRAINT "observations_series_id_date_pk" PRIMARY KEY("series_id","date")
);
--> statement-breakpoint
CREATE TABLE "series" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"units" text NOT NULL,
	"frequency" text NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_memory" (
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_memory_platform_chat_id_pk" PRIMARY KEY("platform","chat_id")
);
--> statement-breakpoint
CREATE TABLE "chat_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handled_updates" (
	"platform" text NOT NULL,
	"update_key" text NOT NULL,
	"handled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "handled_updates_platform_update_key_pk" PRIMARY KEY("platform","update_key")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_key" text NOT NULL,
	"topic" text NOT NULL,
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pending_confirmations" (
	"id" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"user_id" text NOT NULL,
	"intent" jsonb NOT NULL,
	"summary" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"topic" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_platform_chat_id_topic_pk" PRIMARY KEY("platform","chat_id","topic")
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"model_id" text NOT NULL,
	"symbol" text NOT NULL,
	"timeframe" text NOT NULL,
	"window_from" date NOT NULL,
	"window_to" date NOT NULL,
	"data_hash" text NOT NULL,
	"output" text NOT NULL,
	"bars" integer NOT NULL,
	"metrics" jsonb NOT NULL,
	"seconds" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluations_model_id_symbol_timeframe_window_from_window_to_pk" PRIMARY KEY("model_id","symbol","timeframe","window_from","window_to")
);
--> statement-breakpoint
CREATE TABLE "predictions" (
	"model_id" text NOT NULL,
	"symbol" text NOT NULL,
	"timeframe" text NOT NULL,
	"date" date NOT NULL,
	"horizon" integer DEFAULT 1 NOT NULL,
	"output" text NOT NULL,
	"value" double precision NOT NULL,
	"outcome" double precision,
	"origin" text DEFAULT 'evaluate' NOT NULL,
	CONSTRAINT "predictions_model_id_symbol_timeframe_date_horizon_origin_pk" PRIMARY KEY("model_id","symbol","timeframe","date","horizon","origin")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observations_date_idx" ON "observations" USING btree ("date");--> statement-breakpoint
CREATE INDEX "chat_messages_chat_idx" ON "chat_messages" USING btree ("platform","chat_id","id");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "evaluations_symbol_idx" ON "evaluations" USING btree ("symbol","timeframe");