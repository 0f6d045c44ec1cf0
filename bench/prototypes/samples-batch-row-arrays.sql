CREATE TABLE session_sample_batches (first_at timestamptz NOT NULL, last_at timestamptz NOT NULL, tenant_id text[] NOT NULL, session_id uuid[] NOT NULL, at_us bigint[] NOT NULL, download_octets bigint[] NOT NULL, upload_octets bigint[] NOT NULL, session_time bigint[] NOT NULL, kind smallint[] NOT NULL) PARTITION BY RANGE (first_at);
CREATE TABLE session_sample_batches_default PARTITION OF session_sample_batches DEFAULT;
CREATE INDEX session_sample_batches_brin ON session_sample_batches USING brin (first_at);
