-- Set-based seed of the usage history for bench/usage-history.sh, after bench/seed.sh's `seed` (sessions of
-- tenant :'tenant'). Not production code: the service writes samples itself, one per packet.
--   * daily partitions of session_samples for the 16 days before now (the service's job makes yesterday onwards;
--     the samples of older days would otherwise land in the default partition);
--   * :per_session samples (default 12) of every session, 5 minutes apart, the first at a deterministic instant of
--     the last 7 days, counters rising 1,000,000 octets down and 100,000 up per sample;
--   * the session md5(tenant/id/:detail) gets 7 days and an hour of samples every 5 minutes (2,029);
--   * 30 days of roll-ups for NAS md5(tenant/nas/3) (15-minute buckets), for customer 'user1234' (hours and days)
--     and the tenant, and the roll-up state at the last whole hour (the API reads the roll-ups up to it and the
--     samples after it).
\set ON_ERROR_STOP on
\if :{?per_session}
\else
  \set per_session 12
\endif
-- :since (optional): only the sessions started since now − :since get samples (bench/history.sh: a recent slice)
\if :{?since}
\else
  \set since '1000 years'
\endif
SELECT date_trunc('hour', now()) AS rolled \gset

DO $$
DECLARE
  day date;
BEGIN
  FOR i IN 1..16 LOOP
    day := (now() AT TIME ZONE 'UTC')::date - i;
    IF to_regclass('session_samples_p' || to_char(day, 'YYYYMMDD')) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF session_samples FOR VALUES FROM (%L) TO (%L)',
        'session_samples_p' || to_char(day, 'YYYYMMDD'),
        (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
    END IF;
  END LOOP;
END $$;

INSERT INTO session_samples (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
SELECT s.tenant_id, s.id,
  now() - interval '7 days' + ((hashtext(s.id::text) & 2147483647) % (7 * 86400 - 4000)) * interval '1 second'
    + k * interval '5 minutes',
  k::bigint * 1000000, k::bigint * 100000, k * 300, CASE WHEN k = 0 THEN 1 ELSE 2 END
FROM sessions s CROSS JOIN generate_series(0, :per_session - 1) AS k
WHERE s.tenant_id = :'tenant' AND s.start_time >= now() - :'since'::interval
-- in time order, as the service appends them (packets as they come): each day partition's heap in time order (what
-- its BRIN on sampled_at relies on), a session's samples on different pages. Unordered, a session's 12 samples
-- shared a page, which flattered every per-session read, and the BRIN matched every block.
ORDER BY 3
ON CONFLICT DO NOTHING;

INSERT INTO session_samples (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
SELECT :'tenant', md5(:'tenant' || '/id/' || :detail)::uuid,
  now() - interval '7 days 1 hour' + k * interval '5 minutes', k::bigint * 3000000, k::bigint * 300000, k * 300, 2
FROM generate_series(0, 7 * 288 + 12) AS k
ON CONFLICT DO NOTHING;

INSERT INTO usage_nas_quarters (tenant_id, nas_id, bucket, download_octets, upload_octets, sessions)
SELECT :'tenant', md5(:'tenant' || '/nas/3')::uuid, b, 9000000000, 900000000, 2500
FROM generate_series(:'rolled'::timestamptz - interval '31 days', :'rolled'::timestamptz - interval '15 minutes',
                     interval '15 minutes') AS b
ON CONFLICT DO NOTHING;
INSERT INTO usage_tenant_quarters (tenant_id, bucket, download_octets, upload_octets, sessions)
SELECT :'tenant', b, 180000000000, 18000000000, 50000
FROM generate_series(:'rolled'::timestamptz - interval '31 days', :'rolled'::timestamptz - interval '15 minutes',
                     interval '15 minutes') AS b
ON CONFLICT DO NOTHING;
INSERT INTO usage_customer_hours (tenant_id, username, hour, download_octets, upload_octets, sessions)
SELECT :'tenant', 'user1234', h, 360000000, 36000000, 1
FROM generate_series(:'rolled'::timestamptz - interval '31 days', :'rolled'::timestamptz - interval '1 hour',
                     interval '1 hour') AS h
ON CONFLICT DO NOTHING;
INSERT INTO usage_customer_days (tenant_id, username, day, download_octets, upload_octets, sessions)
SELECT :'tenant', 'user1234', d, 8640000000, 864000000, 1
FROM generate_series(date_trunc('day', :'rolled'::timestamptz) - interval '31 days',
                     date_trunc('day', :'rolled'::timestamptz) - interval '1 day', interval '1 day') AS d
ON CONFLICT DO NOTHING;
UPDATE usage_rollup_state SET claimed_until = :'rolled', rolled_until = :'rolled' WHERE id = 1;

SELECT count(*) AS samples FROM session_samples;
