-- The twin's track record keeps, beside each scored prediction, the error of
-- the persistence baseline (the queue's wait estimate then, held constant).
-- Scores kept before this have none.
ALTER TABLE twin_scores ADD COLUMN persistence_error_s DOUBLE PRECISION;
