package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.testing.SessionRepositoryContract;

/** The domain's SessionRepository contract, run against PostgreSQL. */
class PostgresSessionRepositoryContractTest extends SessionRepositoryContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected SessionRepository createRepository() {
        database.truncate();
        return new PostgresSessionRepository(database.dataSource());
    }

    @Override
    protected SessionEvents events() {
        return new PostgresSessionEvents(database.dataSource());
    }

    @Override
    protected void registerNas(Nas nas) {
        new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER).save(nas);
    }
}
