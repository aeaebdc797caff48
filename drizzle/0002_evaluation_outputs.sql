CREATE TABLE "evaluation_outputs" (
	"model_id" text NOT NULL,
	"symbol" text NOT NULL,
	"timeframe" text NOT NULL,
	"data_hash" text NOT NULL,
	"output" text NOT NULL,
	"first_index" integer NOT NULL,
	"values" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_outputs_model_id_symbol_timeframe_pk" PRIMARY KEY("model_id","symbol","timeframe")
);
