package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionRepository;

class InMemorySessionExportReaderTest extends SessionExportReaderContract {
    private InMemorySessionRepository repository;

    @Override
    protected SessionRepository createRepository() {
        repository = new InMemorySessionRepository();
        return repository;
    }

    @Override
    protected SessionExportReader createReader() {
        return new InMemorySessionExportReader(repository);
    }

    @Override
    protected void registerNas(Nas nas) {}
}
