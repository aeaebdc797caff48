CREATE TABLE "anomalies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule" text NOT NULL,
	"anomaly_key" text NOT NULL,
	"text" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "heartbeats" (
	"name" text PRIMARY KEY NOT NULL,
	"beat_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "anomalies_key" ON "anomalies" USING btree ("anomaly_key");--> statement-breakpoint
CREATE INDEX "anomalies_raised" ON "anomalies" USING btree ("raised_at");