-- The 20 NAS rows and 50,000 customers (user0 .. user49999) of the seed, so that the NAS and customer filters have
-- something to find. Idempotent. Usage: psql -v tenant=default -f bench/sql/seed-reference.sql
-- NAS secrets are stored encrypted by the service (migration V5), which SQL cannot do: the seeded NAS get a value
-- no key opens (one zero byte). They never send accounting; the service logs each once as unreadable and leaves it out
-- of NAS listings and session details (sessions of those NAS are listed, searched and counted as before).
\set ON_ERROR_STOP on
INSERT INTO nas (tenant_id, id, name, ip_address, secret_encrypted, vendor)
SELECT :'tenant', md5(:'tenant' || '/nas/' || i)::uuid, 'seed-nas-' || i, ('10.255.0.' || (i + 1))::inet, '\x00'::bytea, 'MIKROTIK'
FROM generate_series(0, 19) AS i
ON CONFLICT DO NOTHING;
INSERT INTO customers (tenant_id, id, username, name, phone, email, package_name, download_speed, upload_speed)
SELECT :'tenant', md5(:'tenant' || '/customer/' || i)::uuid, 'user' || i, 'Customer ' || i, '+2547' || lpad(i::text, 8, '0'),
  'user' || i || '@example.com', '10 Mbps Home', 10, 10
FROM generate_series(0, 49999) AS i
ON CONFLICT DO NOTHING;
