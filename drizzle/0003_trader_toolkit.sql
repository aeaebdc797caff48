CREATE TABLE "alert_settings" (
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"kind" text NOT NULL,
	"mode" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_settings_platform_chat_id_kind_pk" PRIMARY KEY("platform","chat_id","kind")
);
--> statement-breakpoint
CREATE TABLE "trader_trades" (
	"broker" text NOT NULL,
	"seq" integer NOT NULL,
	"symbol" text NOT NULL,
	"direction" text NOT NULL,
	"qty" double precision NOT NULL,
	"entry_at" timestamp with time zone NOT NULL,
	"entry_day" date NOT NULL,
	"entry_bar_date" date,
	"entry_price" double precision NOT NULL,
	"origin" text NOT NULL,
	"entry_decision" text,
	"entry_order_id" bigint NOT NULL,
	"exit_at" timestamp with time zone,
	"exit_day" date,
	"exit_bar_date" date,
	"exit_price" double precision,
	"exit_reason" text,
	"exit_decision" text,
	"exit_order_id" bigint,
	"pnl" double precision,
	"pnl_pct" double precision,
	"commission" double precision NOT NULL,
	CONSTRAINT "trader_trades_broker_seq_pk" PRIMARY KEY("broker","seq")
);
--> statement-breakpoint
ALTER TABLE "trader_state" ADD COLUMN "entries_stopped" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "trader_state" ADD COLUMN "entries_stopped_reason" text;