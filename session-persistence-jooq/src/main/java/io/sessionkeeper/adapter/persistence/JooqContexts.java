package io.sessionkeeper.adapter.persistence;

import java.sql.Connection;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * The jOOQ context of the adapters: PostgreSQL, unqualified names (the schema is the connection's search path), and
 * failures of an unavailable database reported as the ports promise ({@link StoreFailures}).
 */
final class JooqContexts {
    private JooqContexts() {}

    static DSLContext create(DataSource dataSource) {
        return DSL.using(configuration().set(dataSource));
    }

    /** On one connection that the caller holds (and closes). */
    static DSLContext create(Connection connection) {
        return DSL.using(configuration().set(connection));
    }

    private static Configuration configuration() {
        Settings settings = new Settings()
                .withRenderSchema(false)
                .withRenderCatalog(false)
                .withExecuteLogging(false)
                .withFetchWarnings(false);
        return new DefaultConfiguration()
                .set(SQLDialect.POSTGRES)
                .set(settings)
                .set(ExecuteListener.onException(StoreFailures::onStatementFailure));
    }
}
