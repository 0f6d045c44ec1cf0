-- What the analytics routes read besides sessions, for bench/analytics.sh after bench/seed.sh's `seed` (tenant
-- :'tenant'). Not production code: the service writes these itself (the accounting path, the usage roll-up job).
--   * NAS health: for every NAS of the tenant whose name starts with 'bench-nas-' (registered through the API: the
--     seeded NAS carry no readable secret and are not listed), its last accounting a few seconds ago, an
--     Accounting-On two days ago, and its packets of every minute of the last two days (the retention of
--     nas_packet_minutes) from two writers;
--   * top users: the usage roll-ups of the last :days UTC days for every user of the seed (usage_customer_days,
--     deterministic octets), the hours of every open session (usage_session_hours, all four quarters with data) in
--     the 25 hours before the last whole hour and before the same hour 7 and 30 days ago (the edges top users reads
--     for today, 7 and 30 days), and the roll-up state at the last whole hour.
\set ON_ERROR_STOP on
\if :{?days}
\else
  \set days 31
\endif
SELECT date_trunc('hour', now()) AS rolled \gset

INSERT INTO nas_activity (nas_id, tenant_id, last_accounting_at, last_accounting_on_at, last_accounting_off_at)
SELECT id, tenant_id, now() - interval '5 seconds', now() - interval '2 days', NULL
FROM nas WHERE tenant_id = :'tenant' AND name LIKE 'bench-nas-%'
ON CONFLICT (nas_id) DO UPDATE SET last_accounting_at = EXCLUDED.last_accounting_at,
  last_accounting_on_at = EXCLUDED.last_accounting_on_at;
INSERT INTO nas_packet_minutes (nas_id, minute, writer, tenant_id, packets)
SELECT n.id, m, w, n.tenant_id, 50 + (hashtext(n.id::text || m::text || w) & 1023)
FROM nas n
CROSS JOIN generate_series(date_trunc('minute', now()) - interval '2 days', date_trunc('minute', now()), interval '1 minute') AS m
CROSS JOIN generate_series(1, 2) AS w
WHERE n.tenant_id = :'tenant' AND n.name LIKE 'bench-nas-%'
ON CONFLICT DO NOTHING;

INSERT INTO usage_customer_days (tenant_id, username, day, download_octets, upload_octets, sessions)
SELECT :'tenant', 'user' || u, d, (hashtext(u || '/' || d) & 2147483647)::bigint * 4, (hashtext(d || '/' || u) & 2147483647)::bigint / 2,
  1 + (u + extract(day FROM d)::int) % 5
FROM generate_series(0, 49999) AS u
CROSS JOIN generate_series(date_trunc('day', :'rolled'::timestamptz) - :days * interval '1 day',
                           date_trunc('day', :'rolled'::timestamptz) - interval '1 day', interval '1 day') AS d
ON CONFLICT DO NOTHING;

INSERT INTO usage_session_hours (tenant_id, session_id, hour, nas_id, username, down_q1, down_q2, down_q3, down_q4,
  up_q1, up_q2, up_q3, up_q4, quarters)
SELECT s.tenant_id, s.id, h, s.nas_id, s.username, 90000000, 80000000, 70000000, 60000000 + (hashtext(s.id::text) & 1048575),
  9000000, 8000000, 7000000, 6000000, 15
FROM sessions s
CROSS JOIN (VALUES (0), (7), (30)) AS w(days)
CROSS JOIN LATERAL generate_series(
  greatest(date_trunc('hour', s.start_time), :'rolled'::timestamptz - w.days * interval '1 day' - interval '25 hours'),
  :'rolled'::timestamptz - w.days * interval '1 day' - interval '1 hour', interval '1 hour') AS h
WHERE s.tenant_id = :'tenant' AND s.stop_time IS NULL
ON CONFLICT DO NOTHING;

UPDATE usage_rollup_state SET claimed_until = :'rolled', rolled_until = :'rolled' WHERE id = 1;
VACUUM ANALYZE nas_activity;
VACUUM ANALYZE nas_packet_minutes;
VACUUM ANALYZE usage_customer_days;
VACUUM ANALYZE usage_session_hours;
SELECT (SELECT count(*) FROM usage_customer_days) AS customer_days, (SELECT count(*) FROM usage_session_hours) AS session_hours,
  (SELECT count(*) FROM nas_packet_minutes) AS nas_packet_minutes;
