/**
 * The PostgreSQL adapter of the driven ports: sessions ({@link PostgresSessionRepository}), NAS
 * ({@link PostgresNasDirectory}) and customers ({@link PostgresCustomerDirectory}), tenants ({@link PostgresTenantDirectory}) and API tokens
 * ({@link PostgresApiTokenStore}) through jOOQ and HikariCP, and
 * {@link PostgresPersistence}, which opens the embedded or external database for the app. jOOQ types never leave
 * this module: the adapters take a {@link javax.sql.DataSource} and speak domain types.
 */
package io.sessionkeeper.adapter.persistence;
