-- Closed sessions :from .. :to of tenant :'tenant' into :table (sessions or sessions_history), for bench/history.sh:
-- the shape of seed-sessions.sql (20 NAS, 50,000 users, PPPoE 70 %, Hotspot 25 %, other 5 %, counters up to 20 GB;
-- session i has id md5(tenant/id/i), framed IP 10.0.0.0 + i % 16,000,000), but every session closed, stopped
-- between :oldest and :newest before :now (uniformly), after up to 8 hours. Prints the number of rows inserted.
--   psql -v tenant=default -v table=sessions_history -v from=1 -v to=1000000 -v now='2026-12-02 12:00+00' \
--        -v oldest='730 days' -v newest='121 days' -f bench/sql/seed-history.sql
\set ON_ERROR_STOP on
SELECT setseed(0.17 + (:from - 1) / 1e10) \g /dev/null
INSERT INTO :table (tenant_id, id, nas_id, session_key, acct_session_id, username, framed_ip,
  mac_address, connection_type, start_time, stop_time, last_update, download_octets, upload_octets,
  download_packets, upload_packets, session_time, terminate_cause, terminate_cause_code,
  terminated_by, called_station_id, nas_port_id, host_ip, rate_limit, start_settled)
SELECT :'tenant',
  md5(:'tenant' || '/id/' || i)::uuid,
  n.ids[i % 20 + 1],
  md5(:'tenant' || '/key/' || i)::uuid,
  upper(to_hex(2164260864 + i)),
  'user' || (i % 50000),
  '10.0.0.0'::inet + (i % 16000000),
  ('02:00:' || substr(h.m, 1, 2) || ':' || substr(h.m, 3, 2) || ':' || substr(h.m, 5, 2) || ':' || substr(h.m, 7, 2))::macaddr,
  CASE WHEN i % 20 < 14 THEN 'PPPOE' WHEN i % 20 < 19 THEN 'HOTSPOT' ELSE 'OTHER' END,
  t.stop_time - t.length, t.stop_time, t.stop_time,
  (random() * 20e9)::bigint, (random() * 2e9)::bigint,
  (random() * 2e7)::bigint, (random() * 2e6)::bigint,
  extract(epoch FROM t.length)::bigint,
  'User-Request', 1, 'nas', 'pppoe-service', 'ether' || (i % 8), NULL, '10M/20M', true
FROM (SELECT array_agg(md5(:'tenant' || '/nas/' || k)::uuid ORDER BY k) AS ids FROM generate_series(0, 19) AS k) n
CROSS JOIN generate_series(:from, :to) AS i
CROSS JOIN LATERAL (SELECT md5(i::text) AS m OFFSET 0) h
CROSS JOIN LATERAL (
  SELECT :'now'::timestamptz - :'newest'::interval - random() * (:'oldest'::interval - :'newest'::interval) AS stop_time,
    random() * interval '8 hours' AS length
  WHERE i IS NOT NULL   -- correlated: drawn for every row, not once for the statement
) t;
\echo :ROW_COUNT
