CREATE TABLE "leaderboard_snapshots" (
	"date" date NOT NULL,
	"symbol" text NOT NULL,
	"timeframe" text NOT NULL,
	"metric" text NOT NULL,
	"model_id" text NOT NULL,
	"rank" integer NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "leaderboard_snapshots_symbol_timeframe_metric_date_model_id_pk" PRIMARY KEY("symbol","timeframe","metric","date","model_id")
);
--> statement-breakpoint
CREATE TABLE "autopilot_parameter_moves" (
	"date" date NOT NULL,
	"symbol" text NOT NULL,
	"slot" text NOT NULL,
	"from_model" text NOT NULL,
	"to_model" text NOT NULL,
	"from_sharpe" double precision NOT NULL,
	"to_sharpe" double precision NOT NULL,
	"bars" integer NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "autopilot_parameter_moves_symbol_slot_date_pk" PRIMARY KEY("symbol","slot","date")
);
