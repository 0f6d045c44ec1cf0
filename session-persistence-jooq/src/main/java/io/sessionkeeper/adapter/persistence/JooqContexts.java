package io.sessionkeeper.adapter.persistence;

import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** The jOOQ context of the adapters: PostgreSQL, unqualified names (the schema is the connection's search path). */
final class JooqContexts {
    private JooqContexts() {}

    static DSLContext create(DataSource dataSource) {
        Settings settings = new Settings()
                .withRenderSchema(false)
                .withRenderCatalog(false)
                .withExecuteLogging(false)
                .withFetchWarnings(false);
        return DSL.using(dataSource, SQLDialect.POSTGRES, settings);
    }
}
