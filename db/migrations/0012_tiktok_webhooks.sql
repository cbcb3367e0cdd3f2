CREATE TABLE "publishing_webhook_receipts" (
	"digest" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"event" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "publishing_webhook_receipts_received_idx" ON "publishing_webhook_receipts" USING btree ("received_at");