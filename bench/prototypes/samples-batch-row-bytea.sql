CREATE TABLE session_sample_batches2 (first_at timestamptz NOT NULL, last_at timestamptz NOT NULL, tenant_id text NOT NULL, samples bytea NOT NULL) PARTITION BY RANGE (first_at);
CREATE TABLE session_sample_batches2_default PARTITION OF session_sample_batches2 DEFAULT;
ALTER TABLE session_sample_batches2_default ALTER COLUMN samples SET STORAGE EXTERNAL;
CREATE INDEX session_sample_batches2_brin ON session_sample_batches2 USING brin (first_at);
