package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionRepository;

/** The in-memory fake keeps the same contract as the PostgreSQL adapter, so domain tests on it mean something. */
class InMemorySessionRepositoryTest extends SessionRepositoryContract {
    private InMemorySessionRepository repository;

    @Override
    protected SessionRepository createRepository() {
        repository = new InMemorySessionRepository();
        return repository;
    }

    @Override
    protected SessionEvents events() {
        return repository.events();
    }

    @Override
    protected void registerNas(Nas nas) {}
}
