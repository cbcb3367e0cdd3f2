ALTER TABLE "videos" ADD COLUMN "thumbnails" jsonb;--> statement-breakpoint
ALTER TABLE "videos" ADD COLUMN "source_link_id" uuid;