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
CREATE TABLE "sim_account" (
	"id" text PRIMARY KEY NOT NULL,
	"cash" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_fills" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"qty" double precision NOT NULL,
	"price" double precision NOT NULL,
	"commission" double precision NOT NULL,
	"bar_time" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sim_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"client_order_id" text NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"type" text NOT NULL,
	"qty" double precision NOT NULL,
	"limit_price" double precision,
	"time_in_force" text NOT NULL,
	"status" text NOT NULL,
	"filled_qty" double precision DEFAULT 0 NOT NULL,
	"filled_avg_price" double precision,
	"ref_time" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sim_orders_client_order_id_unique" UNIQUE("client_order_id")
);
--> statement-breakpoint
CREATE TABLE "sim_positions" (
	"symbol" text PRIMARY KEY NOT NULL,
	"qty" double precision NOT NULL,
	"avg_entry_price" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trader_accounts" (
	"broker" text PRIMARY KEY NOT NULL,
	"cash" double precision NOT NULL,
	"starting_equity" double precision NOT NULL,
	"inception_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trader_equity" (
	"broker" text NOT NULL,
	"date" date NOT NULL,
	"equity" double precision NOT NULL,
	"cash" double precision NOT NULL,
	"positions_value" double precision NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trader_equity_broker_date_pk" PRIMARY KEY("broker","date")
);
--> statement-breakpoint
CREATE TABLE "trader_fills" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"fill_key" text NOT NULL,
	"order_id" bigint NOT NULL,
	"client_order_id" text NOT NULL,
	"broker" text NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"qty" double precision NOT NULL,
	"price" double precision NOT NULL,
	"commission" double precision NOT NULL,
	"realized_pnl" double precision NOT NULL,
	"bar_date" date,
	"filled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trader_fills_fill_key_unique" UNIQUE("fill_key")
);
--> statement-breakpoint
CREATE TABLE "trader_orders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_order_id" text NOT NULL,
	"broker" text NOT NULL,
	"broker_order_id" text,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"type" text NOT NULL,
	"qty" double precision NOT NULL,
	"limit_price" double precision,
	"time_in_force" text NOT NULL,
	"status" text NOT NULL,
	"filled_qty" double precision DEFAULT 0 NOT NULL,
	"filled_avg_price" double precision,
	"origin" text NOT NULL,
	"decision_key" text,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trader_orders_client_order_id_unique" UNIQUE("client_order_id")
);
--> statement-breakpoint
CREATE TABLE "trader_positions" (
	"broker" text NOT NULL,
	"symbol" text NOT NULL,
	"qty" double precision NOT NULL,
	"avg_entry_price" double precision NOT NULL,
	"realized_pnl" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trader_positions_broker_symbol_pk" PRIMARY KEY("broker","symbol")
);
--> statement-breakpoint
CREATE TABLE "trader_state" (
	"broker" text PRIMARY KEY NOT NULL,
	"halted" boolean DEFAULT false NOT NULL,
	"halt_reason" text,
	"halted_at" timestamp with time zone,
	"loss_halt_date" date,
	"risk" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autopilot_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"symbol" text NOT NULL,
	"regime" text,
	"target" double precision NOT NULL,
	"previous_target" double precision NOT NULL,
	"changed" boolean NOT NULL,
	"record" jsonb NOT NULL,
	"orders" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "autopilot_decisions_symbol_date" UNIQUE("symbol","date")
);
--> statement-breakpoint
CREATE TABLE "autopilot_demotions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"symbol" text NOT NULL,
	"model_id" text NOT NULL,
	"live_sharpe" double precision NOT NULL,
	"backtest_sharpe" double precision NOT NULL,
	"bars" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "autopilot_demotions_key" UNIQUE("symbol","model_id","date")
);
--> statement-breakpoint
CREATE TABLE "autopilot_model_weights" (
	"date" date NOT NULL,
	"symbol" text NOT NULL,
	"model_id" text NOT NULL,
	"weight" double precision NOT NULL,
	"score" double precision NOT NULL,
	"basis" text NOT NULL,
	CONSTRAINT "autopilot_model_weights_symbol_date_model_id_pk" PRIMARY KEY("symbol","date","model_id")
);
--> statement-breakpoint
CREATE TABLE "autopilot_predictions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"symbol" text NOT NULL,
	"model_id" text NOT NULL,
	"kind" text NOT NULL,
	"value" double precision NOT NULL,
	"horizon" integer NOT NULL,
	"outcome_date" date,
	"outcome" double precision,
	"error" double precision,
	"hit" boolean,
	CONSTRAINT "autopilot_predictions_key" UNIQUE("symbol","model_id","kind","date")
);
--> statement-breakpoint
CREATE TABLE "autopilot_runs" (
	"kind" text NOT NULL,
	"date" date NOT NULL,
	"status" text NOT NULL,
	"detail" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "autopilot_runs_kind_date_pk" PRIMARY KEY("kind","date")
);
--> statement-breakpoint
CREATE TABLE "autopilot_state" (
	"symbol" text PRIMARY KEY NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observations_date_idx" ON "observations" USING btree ("date");--> statement-breakpoint
CREATE INDEX "chat_messages_chat_idx" ON "chat_messages" USING btree ("platform","chat_id","id");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_event_chat_uq" ON "outbox" USING btree ("event_key","platform","chat_id");--> statement-breakpoint
CREATE INDEX "evaluations_symbol_idx" ON "evaluations" USING btree ("symbol","timeframe");--> statement-breakpoint
CREATE INDEX "sim_orders_status_idx" ON "sim_orders" USING btree ("status");--> statement-breakpoint
CREATE INDEX "trader_fills_time_idx" ON "trader_fills" USING btree ("broker","filled_at");--> statement-breakpoint
CREATE INDEX "trader_orders_status_idx" ON "trader_orders" USING btree ("broker","status");--> statement-breakpoint
CREATE INDEX "autopilot_predictions_open_idx" ON "autopilot_predictions" USING btree ("symbol","outcome_date");