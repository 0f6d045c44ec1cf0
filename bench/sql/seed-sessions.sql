-- Set-based seed of :total sessions (:active open) for tenant :'tenant', the same shape as
-- session-persistence-jooq's ScaleSeed (test code): 20 NAS, 50,000 users (~20 sessions each), PPPoE 70 %,
-- Hotspot 25 %, other 5 %; completed sessions over the last 60 days, open ones within 14 days (1 % stale);
-- counters up to 20 GB. Also the 20 NAS rows and 50,000 customers (user0 .. user49999), so that the NAS and
-- customer filters have something to find. Usage: psql -v tenant=default -v total=1000000 -v active=100000 -f …
\set ON_ERROR_STOP on
SELECT setseed(0.42);
INSERT INTO nas (tenant_id, id, name, ip_address, secret, vendor)
SELECT :'tenant', md5(:'tenant' || '/nas/' || i)::uuid, 'seed-nas-' || i, ('10.255.0.' || (i + 1))::inet, 'seed', 'MIKROTIK'
FROM generate_series(0, 19) AS i
ON CONFLICT DO NOTHING;
INSERT INTO customers (tenant_id, id, username, name, phone, email, package_name, download_speed, upload_speed)
SELECT :'tenant', md5(:'tenant' || '/customer/' || i)::uuid, 'user' || i, 'Customer ' || i, '+2547' || lpad(i::text, 8, '0'),
  'user' || i || '@example.com', '10 Mbps Home', 10, 10
FROM generate_series(0, 49999) AS i
ON CONFLICT DO NOTHING;
INSERT INTO sessions (tenant_id, id, nas_id, session_key, acct_session_id, username, framed_ip,
  mac_address, connection_type, start_time, stop_time, last_update, download_octets, upload_octets,
  download_packets, upload_packets, session_time, terminate_cause, terminate_cause_code,
  terminated_by, called_station_id, nas_port_id, host_ip, rate_limit)
SELECT :'tenant',
  md5(:'tenant' || '/id/' || i)::uuid,
  md5(:'tenant' || '/nas/' || (i % 20))::uuid,
  md5(:'tenant' || '/key/' || i)::uuid,
  upper(to_hex(2164260864 + i)),
  'user' || (i % 50000),
  '10.0.0.0'::inet + (i % 16000000),
  ('02:00:' || substr(md5(i::text), 1, 2) || ':' || substr(md5(i::text), 3, 2) || ':'
     || substr(md5(i::text), 5, 2) || ':' || substr(md5(i::text), 7, 2))::macaddr,
  CASE WHEN i % 20 < 14 THEN 'PPPOE' WHEN i % 20 < 19 THEN 'HOTSPOT' ELSE 'OTHER' END,
  t.start_time, t.stop_time, t.last_update,
  (random() * 20e9)::bigint, (random() * 2e9)::bigint,
  (random() * 2e7)::bigint, (random() * 2e6)::bigint,
  extract(epoch FROM coalesce(t.stop_time, t.last_update) - t.start_time)::bigint,
  CASE WHEN t.stop_time IS NOT NULL THEN 'User-Request' END,
  CASE WHEN t.stop_time IS NOT NULL THEN 1 END,
  CASE WHEN t.stop_time IS NOT NULL THEN 'nas' END,
  'pppoe-service', 'ether' || (i % 8), NULL, '10M/20M'
FROM generate_series(1, :total) AS i
CROSS JOIN LATERAL (
  SELECT s.start_time,
    CASE WHEN NOT s.open THEN s.start_time + random() * interval '8 hours' END AS stop_time,
    CASE WHEN NOT s.open THEN NULL
         WHEN i % 100 = 0 THEN s.start_time + interval '1 hour'
         ELSE greatest(s.start_time, now() - random() * interval '10 minutes') END AS last_update
  FROM (SELECT i > :total - :active AS open,
          CASE WHEN i <= :total - :active THEN now() - random() * interval '60 days'
               WHEN i % 100 = 0 THEN now() - interval '3 days' - random() * interval '10 days'
               ELSE now() - random() * interval '14 days' END AS start_time) s
) t0
CROSS JOIN LATERAL (SELECT t0.start_time, t0.stop_time, coalesce(t0.last_update, t0.stop_time) AS last_update) t;
VACUUM ANALYZE sessions;
VACUUM ANALYZE customers;
VACUUM ANALYZE nas;
