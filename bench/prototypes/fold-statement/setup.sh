#!/usr/bin/env bash
# A private PostgreSQL 15 (fsync and synchronous_commit on, as bench/ingest.sh) on 127.0.0.1:25432 with session_samples
# as V12 makes it (partitioned by day, the key, the BRIN) and the roll-ups' state and queue. Run as root.
#   bench/prototypes/fold-statement/setup.sh            # then FoldStatement.java (see README.md)
#   INDEX="(session_id)" bench/prototypes/fold-statement/setup.sh   # the key replaced by another index ("none": no index)
set -euo pipefail
PG_BIN=/usr/lib/postgresql/15/bin
D="${EXP_DIR:-/tmp/fold-statement}/pg"
su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$D' stop -m fast" >/dev/null 2>&1 || true
rm -rf "$D"; mkdir -p "$D"; chown postgres:postgres "$(dirname "$D")" "$D"; chmod 700 "$D"
su postgres -s /bin/sh -c "$PG_BIN/initdb -D '$D' -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
cat >>"$D/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = 25432
unix_socket_directories = '$D'
shared_buffers = 1GB
fsync = on
synchronous_commit = on
CONF
su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$D' -l '$D/log' -w start" >/dev/null
psql -h 127.0.0.1 -p 25432 -U postgres -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE session_samples (
  tenant_id varchar(63) NOT NULL, session_id uuid NOT NULL, sampled_at timestamptz NOT NULL,
  download_octets bigint NOT NULL, upload_octets bigint NOT NULL, session_time bigint NOT NULL, kind smallint NOT NULL,
  CONSTRAINT session_samples_pk PRIMARY KEY (tenant_id, session_id, sampled_at)) PARTITION BY RANGE (sampled_at);
ALTER TABLE session_samples ADD CONSTRAINT session_samples_kind_ck CHECK (kind BETWEEN 1 AND 3);
CREATE INDEX session_samples_at_brin ON session_samples USING brin (sampled_at);
CREATE TABLE session_samples_default PARTITION OF session_samples DEFAULT;
DO $$ DECLARE day date := (now() AT TIME ZONE 'UTC')::date; BEGIN
  FOR i IN -1..2 LOOP EXECUTE format('CREATE TABLE %I PARTITION OF session_samples FOR VALUES FROM (%L) TO (%L)',
      'session_samples_p' || to_char(day + i, 'YYYYMMDD'), ((day + i)::timestamp AT TIME ZONE 'UTC'),
      ((day + i + 1)::timestamp AT TIME ZONE 'UTC'));
  END LOOP; END $$;
CREATE TABLE usage_rollup_state (id smallint PRIMARY KEY, claimed_until timestamptz NOT NULL, rolled_until timestamptz NOT NULL);
INSERT INTO usage_rollup_state VALUES (1, now() - interval '1 hour', now() - interval '1 hour');
CREATE TABLE usage_dirty_hours (tenant_id varchar(63) NOT NULL, session_id uuid NOT NULL, hour timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, session_id, hour));
CREATE TABLE usage_late_hours (tenant_id varchar(63) NOT NULL, hour timestamptz NOT NULL, session_ids bytea NOT NULL);
ALTER TABLE usage_late_hours ALTER COLUMN session_ids SET STORAGE EXTERNAL;
SQL
if [[ -n "${INDEX:-}" ]]; then
  psql -h 127.0.0.1 -p 25432 -U postgres -q -v ON_ERROR_STOP=1 -c "ALTER TABLE session_samples DROP CONSTRAINT session_samples_pk"
  [[ "$INDEX" != none ]] && psql -h 127.0.0.1 -p 25432 -U postgres -q -v ON_ERROR_STOP=1 -c "CREATE INDEX ON session_samples $INDEX"
fi
echo "PostgreSQL on 127.0.0.1:25432, data $D (stop: su postgres -c '$PG_BIN/pg_ctl -D $D stop')"
