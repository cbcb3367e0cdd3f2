-- Typo tolerance of catalog search: "snekers" scores 0.55 against "sneakers" by word similarity;
-- the default threshold (0.6) misses such one-letter slips. Applies to new sessions.
DO $$ BEGIN
  EXECUTE format('ALTER DATABASE %I SET pg_trgm.word_similarity_threshold = 0.45', current_database());
END $$;
