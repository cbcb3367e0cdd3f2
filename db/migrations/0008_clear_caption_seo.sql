-- Until migration 0008, approving a proposal copied the raw caption into products.seo (title and
-- description), and nothing else could write them (the product API had no seo input). Those
-- copies made link previews keep the machine-read text after the merchant edited the product.
-- Clear them: previews now fall back to the product's current title and description, and the
-- editor's SEO fields set real overrides.
UPDATE "products" SET "seo" = "seo" - 'title' - 'description' WHERE "seo" ?| array['title', 'description'];
