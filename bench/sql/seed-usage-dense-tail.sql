-- DENSE_TAIL=1 of bench/usage-history.sh: the last hour (:hours hours) as a tenant whose open sessions all send
-- interims every 5 minutes would have it (100,000 open sessions x 12 = 1.2M samples at the default size), in time order, after
-- seed-usage.sql. The bench's own samples are sparse (12 per session at a random point of 7 days: about 70,000 an
-- hour for the whole tenant); this is the density the NAS series meets in production (docs/usage-history.md).
\set ON_ERROR_STOP on
INSERT INTO session_samples (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
SELECT s.tenant_id, s.id,
  now() - :hours * interval '1 hour' + ((hashtext(s.id::text) & 2147483647) % 300) * interval '1 second'
    + k * interval '5 minutes',
  100000000 + k::bigint * 1000000, 10000000 + k::bigint * 100000, 3600 + k * 300, 2
FROM sessions s CROSS JOIN generate_series(0, 12 * :hours - 1) AS k
WHERE s.tenant_id = :'tenant' AND s.stop_time IS NULL
ORDER BY 3
ON CONFLICT DO NOTHING;
SELECT count(*) AS samples_in_the_last_hour FROM session_samples WHERE sampled_at >= now() - interval '1 hour';
