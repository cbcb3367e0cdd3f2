CREATE TABLE "studio_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"created_by" uuid,
	"total" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studio_costs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"video_id" uuid,
	"instance_id" text NOT NULL,
	"step" text NOT NULL,
	"provider" text NOT NULL,
	"unit" text NOT NULL,
	"quantity" double precision NOT NULL,
	"usd" double precision NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studio_safety_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"video_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"decision" text NOT NULL,
	"hits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"providers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studio_settings" (
	"merchant_id" uuid PRIMARY KEY NOT NULL,
	"brand_voice" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"openai_key_encrypted" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studio_video_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"video_id" uuid NOT NULL,
	"merchant_id" uuid NOT NULL,
	"batch_id" uuid,
	"seq" integer NOT NULL,
	"phase" text NOT NULL,
	"status" text NOT NULL,
	"percent" integer NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "studio_videos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"batch_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"source" jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"product_id" uuid,
	"brief" jsonb,
	"script" jsonb,
	"script_issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"safety" jsonb,
	"status" text DEFAULT 'queued' NOT NULL,
	"phase" text DEFAULT 'queued' NOT NULL,
	"percent" integer DEFAULT 0 NOT NULL,
	"workflow_instance_id" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"event_seq" integer DEFAULT 0 NOT NULL,
	"voice" jsonb,
	"outputs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"qc" jsonb,
	"post" jsonb,
	"providers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"finished_at" timestamp with time zone,
	"sent_to_publishing_at" timestamp with time zone,
	"on_storefront" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "studio_batches" ADD CONSTRAINT "studio_batches_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_batches" ADD CONSTRAINT "studio_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_costs" ADD CONSTRAINT "studio_costs_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_costs" ADD CONSTRAINT "studio_costs_video_id_studio_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."studio_videos"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_safety_log" ADD CONSTRAINT "studio_safety_log_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_safety_log" ADD CONSTRAINT "studio_safety_log_video_id_studio_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."studio_videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_settings" ADD CONSTRAINT "studio_settings_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_video_events" ADD CONSTRAINT "studio_video_events_video_id_studio_videos_id_fk" FOREIGN KEY ("video_id") REFERENCES "public"."studio_videos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_video_events" ADD CONSTRAINT "studio_video_events_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_videos" ADD CONSTRAINT "studio_videos_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_videos" ADD CONSTRAINT "studio_videos_batch_id_studio_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."studio_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_videos" ADD CONSTRAINT "studio_videos_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_videos" ADD CONSTRAINT "studio_videos_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "studio_batches_merchant_idx" ON "studio_batches" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "studio_costs_line_idx" ON "studio_costs" USING btree ("instance_id","step","provider","unit");--> statement-breakpoint
CREATE INDEX "studio_costs_merchant_created_idx" ON "studio_costs" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "studio_costs_video_idx" ON "studio_costs" USING btree ("video_id");--> statement-breakpoint
CREATE INDEX "studio_safety_log_video_idx" ON "studio_safety_log" USING btree ("video_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "studio_video_events_seq_idx" ON "studio_video_events" USING btree ("video_id","seq");--> statement-breakpoint
CREATE INDEX "studio_video_events_batch_idx" ON "studio_video_events" USING btree ("batch_id","id");--> statement-breakpoint
CREATE INDEX "studio_videos_merchant_created_idx" ON "studio_videos" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "studio_videos_batch_idx" ON "studio_videos" USING btree ("batch_id","position");--> statement-breakpoint
CREATE INDEX "studio_videos_finished_idx" ON "studio_videos" USING btree ("status","finished_at");