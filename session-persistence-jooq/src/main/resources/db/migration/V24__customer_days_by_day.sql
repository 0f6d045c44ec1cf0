-- Top users (GET /api/sessions/analytics/top-users) read a window's whole UTC days of every customer from
-- usage_customer_days, whose primary key leads with the User-Name: without this index a 30-day window would read
-- the tenant's 13 months of customer days. The index is written only by the usage roll-up job (a customer's day,
-- once, when the day is whole, and again when a late sample changes it), never on the accounting path: at 100,000
-- customers ~100,000 entries a day, a few MB of WAL a day (ADR 0044).
--
-- Online: CREATE INDEX CONCURRENTLY does not stop the roll-up job's writes; it cannot run in a transaction, hence
-- V24__customer_days_by_day.sql.conf (executeInTransaction=false), as V11. Should it fail half-way, the invalid index is
-- dropped first by a retry (after `flyway repair`).
-- [jooq ignore start]
DROP INDEX CONCURRENTLY IF EXISTS usage_customer_days_tenant_day_idx;
CREATE INDEX CONCURRENTLY usage_customer_days_tenant_day_idx ON usage_customer_days (tenant_id, day);
-- [jooq ignore stop]
