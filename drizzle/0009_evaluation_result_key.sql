-- A database where one fingerprint was stored under two windows keeps the newest row before the key is added.
DELETE FROM "evaluations" AS a USING "evaluations" AS b
WHERE a."model_id" = b."model_id" AND a."symbol" = b."symbol" AND a."timeframe" = b."timeframe" AND a."data_hash" = b."data_hash"
  AND (a."created_at", a."window_to", a."window_from") < (b."created_at", b."window_to", b."window_from");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_result_key" ON "evaluations" USING btree ("model_id","symbol","timeframe","data_hash");
