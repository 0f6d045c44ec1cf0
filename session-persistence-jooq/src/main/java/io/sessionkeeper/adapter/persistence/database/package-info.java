/**
 * Database bootstrap for the app: {@link DatabaseConfig} (external or embedded), {@link EmbeddedDatabase}, the
 * HikariCP pool ({@link DataSources}) and the Flyway migrator ({@link DatabaseMigrator}).
 */
package io.sessionkeeper.adapter.persistence.database;
