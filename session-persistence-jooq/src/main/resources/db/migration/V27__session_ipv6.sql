-- The IPv6 address and prefixes a NAS gave a session (issue 17, ADR 0046): Framed-IPv6-Address (RFC 6911),
-- Framed-IPv6-Prefix (RFC 3162) and Delegated-IPv6-Prefix (RFC 4818), each the last one seen, like framed_ip. For
-- "who had this IPv6 address at that instant" (PostgresAddressHistory): the sessions whose address is the one asked
-- about or whose prefix contains it, found by equality with each of the 129 prefixes that contain the address.
-- Prefixes are inet (address and length), not cidr: jOOQ's code generator knows no cidr; the domain's Ipv6Prefix
-- refuses bits beyond the length, as cidr would, and is the only writer.
--
-- Online: columns without a default (a catalog change, no rewrite), then the indexes built CONCURRENTLY (outside a
-- transaction: the .conf beside this file). The indexes are partial (NOT NULL): a session without IPv6 writes no entry
-- in them, and an interim that repeats the values a session has keeps its update HOT (indexed values unchanged). A
-- build that failed leaves an invalid index; it is dropped first, so a retry at the next start builds it again, and the
-- columns are added only if missing, for the same retry.
--
-- Each ADD COLUMN takes a brief ACCESS EXCLUSIVE lock; lock_timeout bounds how long it may queue behind a long
-- transaction (every writer after it would queue behind the ALTER). Outside a transaction, so SET (not SET LOCAL),
-- reset before the index builds, which take no lock that writers wait for.
-- [jooq ignore start]
SET lock_timeout = '2s';
-- [jooq ignore stop]
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS framed_ipv6 inet;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS framed_ipv6_prefix inet;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS delegated_ipv6_prefix inet;
-- [jooq ignore start]
RESET lock_timeout;
DROP INDEX CONCURRENTLY IF EXISTS sessions_tenant_framed_ipv6_idx;
CREATE INDEX CONCURRENTLY sessions_tenant_framed_ipv6_idx ON sessions (tenant_id, framed_ipv6)
  WHERE framed_ipv6 IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS sessions_tenant_framed_ipv6_prefix_idx;
CREATE INDEX CONCURRENTLY sessions_tenant_framed_ipv6_prefix_idx ON sessions (tenant_id, framed_ipv6_prefix)
  WHERE framed_ipv6_prefix IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS sessions_tenant_delegated_ipv6_prefix_idx;
CREATE INDEX CONCURRENTLY sessions_tenant_delegated_ipv6_prefix_idx ON sessions (tenant_id, delegated_ipv6_prefix)
  WHERE delegated_ipv6_prefix IS NOT NULL;
-- [jooq ignore stop]
