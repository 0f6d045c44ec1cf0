package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.testing.SessionEventsContract;

/** The domain's SessionEvents contract, run against PostgreSQL. */
class PostgresSessionEventsContractTest extends SessionEventsContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected SessionEvents createEvents() {
        database.truncate();
        return new PostgresSessionEvents(database.dataSource());
    }
}
