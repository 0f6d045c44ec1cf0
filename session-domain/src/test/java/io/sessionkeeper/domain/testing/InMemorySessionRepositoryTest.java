package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.port.out.SessionRepository;

/** The in-memory fake keeps the same contract as the PostgreSQL adapter, so domain tests on it mean something. */
class InMemorySessionRepositoryTest extends SessionRepositoryContract {
    @Override
    protected SessionRepository createRepository() {
        return new InMemorySessionRepository();
    }

    @Override
    protected void registerNas(Nas nas) {}
}
