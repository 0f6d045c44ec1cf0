-- Set-based seed of :total sessions (:active open) for tenant :'tenant', the same shape as
-- session-persistence-jooq's ScaleSeed (test code): 20 NAS, 50,000 users (~20 sessions each), PPPoE 70 %,
-- Hotspot 25 %, other 5 %; completed sessions over the last 60 days, open ones within 14 days (1 % stale);
-- counters up to 20 GB. Session i (1 .. :total) has id md5(tenant/id/i), NAS md5(tenant/nas/(i % 20)), user
-- 'user' || (i % 50000) (customer md5(tenant/customer/(i % 50000))); the last :active sessions are the open ones.
--
-- Two ways to run it:
--   psql -v tenant=default -v total=1000000 -v active=100000 -f bench/sql/seed-sessions.sql
--       all of it in one statement, plus the NAS and customers (seed-reference.sql) and VACUUM ANALYZE. Slow
--       beyond ~1M rows when the indexes of sessions are in place (every row is a random write into each of them).
--   psql … -v from=1000001 -v to=2000000 -v now='2026-11-29 17:00:00+00' -f bench/sql/seed-sessions.sql
--       only sessions :from .. :to of that seed, times relative to :now (the same for every slice), no VACUUM:
--       bench/query.sh runs slices of 1M like this between dropping the indexes of sessions and recreating them.
-- Prints the number of sessions inserted.
-- Deterministic apart from :now: every statement seeds random() with setseed(0.42 + (:from - 1) / 1e10), so a
-- seed of at most one slice (from = 1) has the values of the original single statement, and a row's values depend
-- on the slice it is in, not on the order or the parallelism in which the slices run.
\set ON_ERROR_STOP on
\if :{?from}
  \set standalone false
\else
  \set standalone true
  \set from 1
  \set to :total
  \ir seed-reference.sql
\endif
\if :{?now}
\else
  SELECT now() AS now \gset
\endif
SELECT setseed(0.42 + (:from - 1) / 1e10) \g /dev/null
-- The expressions and the order in which random() is called per row (start time; stop or last update; the four
-- counters) are those of the original seed. Cheaper than it, with the same values: the MAC address from one md5
-- (OFFSET 0 keeps the planner from substituting the expression four times) and the 20 NAS ids from an array.
INSERT INTO sessions (tenant_id, id, nas_id, session_key, acct_session_id, username, framed_ip,
  mac_address, connection_type, start_time, stop_time, last_update, download_octets, upload_octets,
  download_packets, upload_packets, session_time, terminate_cause, terminate_cause_code,
  terminated_by, called_station_id, nas_port_id, host_ip, rate_limit)
SELECT :'tenant',
  md5(:'tenant' || '/id/' || i)::uuid,
  n.ids[i % 20 + 1],
  md5(:'tenant' || '/key/' || i)::uuid,
  upper(to_hex(2164260864 + i)),
  'user' || (i % 50000),
  '10.0.0.0'::inet + (i % 16000000),
  ('02:00:' || substr(h.m, 1, 2) || ':' || substr(h.m, 3, 2) || ':' || substr(h.m, 5, 2) || ':' || substr(h.m, 7, 2))::macaddr,
  CASE WHEN i % 20 < 14 THEN 'PPPOE' WHEN i % 20 < 19 THEN 'HOTSPOT' ELSE 'OTHER' END,
  t.start_time, t.stop_time, t.last_update,
  (random() * 20e9)::bigint, (random() * 2e9)::bigint,
  (random() * 2e7)::bigint, (random() * 2e6)::bigint,
  extract(epoch FROM coalesce(t.stop_time, t.last_update) - t.start_time)::bigint,
  CASE WHEN t.stop_time IS NOT NULL THEN 'User-Request' END,
  CASE WHEN t.stop_time IS NOT NULL THEN 1 END,
  CASE WHEN t.stop_time IS NOT NULL THEN 'nas' END,
  'pppoe-service', 'ether' || (i % 8), NULL, '10M/20M'
FROM (SELECT array_agg(md5(:'tenant' || '/nas/' || k)::uuid ORDER BY k) AS ids FROM generate_series(0, 19) AS k) n
CROSS JOIN generate_series(:from, :to) AS i
CROSS JOIN LATERAL (SELECT md5(i::text) AS m OFFSET 0) h
CROSS JOIN LATERAL (
  SELECT s.start_time,
    CASE WHEN NOT s.open THEN s.start_time + random() * interval '8 hours' END AS stop_time,
    CASE WHEN NOT s.open THEN NULL
         WHEN i % 100 = 0 THEN s.start_time + interval '1 hour'
         ELSE greatest(s.start_time, :'now'::timestamptz - random() * interval '10 minutes') END AS last_update
  FROM (SELECT i > :total - :active AS open,
          CASE WHEN i <= :total - :active THEN :'now'::timestamptz - random() * interval '60 days'
               WHEN i % 100 = 0 THEN :'now'::timestamptz - interval '3 days' - random() * interval '10 days'
               ELSE :'now'::timestamptz - random() * interval '14 days' END AS start_time) s
) t0
CROSS JOIN LATERAL (SELECT t0.start_time, t0.stop_time, coalesce(t0.last_update, t0.stop_time) AS last_update) t;
\echo :ROW_COUNT
\if :standalone
VACUUM ANALYZE sessions;
VACUUM ANALYZE customers;
VACUUM ANALYZE nas;
\endif
