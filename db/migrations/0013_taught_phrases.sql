CREATE TABLE "bot_taught_phrases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"text" text NOT NULL,
	"key" text NOT NULL,
	"intent" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bot_taught_phrases" ADD CONSTRAINT "bot_taught_phrases_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bot_taught_phrases_merchant_key_idx" ON "bot_taught_phrases" USING btree ("merchant_id","key");--> statement-breakpoint
CREATE INDEX "messages_unsure_idx" ON "messages" USING btree ("merchant_id","created_at") WHERE "messages"."direction" = 'inbound' and "messages"."payload" ? 'understood' and ("messages"."payload"->'understood'->>'source' <> 'taught') and ((("messages"."payload"->'understood'->>'confidence')::float8 < 0.55) or "messages"."payload"->'understood'->>'intent' = 'out_of_scope');