ALTER TABLE "sim_orders" ADD COLUMN "stop_price" double precision;--> statement-breakpoint
ALTER TABLE "sim_orders" ADD COLUMN "trail_percent" double precision;--> statement-breakpoint
ALTER TABLE "sim_orders" ADD COLUMN "trail_price" double precision;--> statement-breakpoint
ALTER TABLE "sim_orders" ADD COLUMN "order_class" text DEFAULT 'simple' NOT NULL;--> statement-breakpoint
ALTER TABLE "sim_orders" ADD COLUMN "parent_client_order_id" text;--> statement-breakpoint
ALTER TABLE "sim_orders" ADD COLUMN "leg" text;--> statement-breakpoint
ALTER TABLE "sim_orders" ADD COLUMN "water_mark" double precision;--> statement-breakpoint
ALTER TABLE "sim_orders" ADD COLUMN "triggered" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "trader_orders" ADD COLUMN "stop_price" double precision;--> statement-breakpoint
ALTER TABLE "trader_orders" ADD COLUMN "trail_percent" double precision;--> statement-breakpoint
ALTER TABLE "trader_orders" ADD COLUMN "trail_price" double precision;--> statement-breakpoint
ALTER TABLE "trader_orders" ADD COLUMN "order_class" text DEFAULT 'simple' NOT NULL;--> statement-breakpoint
ALTER TABLE "trader_orders" ADD COLUMN "parent_client_order_id" text;--> statement-breakpoint
ALTER TABLE "trader_orders" ADD COLUMN "leg" text;--> statement-breakpoint
ALTER TABLE "trader_orders" ADD COLUMN "reason" text;