-- Retention: how far each checkpoint's traveller pseudonyms have been
-- forgotten (replaced by ones nothing links to a document): every event
-- dated before until_us (Unix microseconds) and accepted by through_seq.
CREATE TABLE traveller_purges (
    checkpoint TEXT PRIMARY KEY,
    until_us BIGINT NOT NULL,
    through_seq BIGINT NOT NULL
);
