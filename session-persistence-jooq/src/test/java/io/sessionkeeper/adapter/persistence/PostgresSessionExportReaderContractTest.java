package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.testing.SessionExportReaderContract;

/** The domain's SessionExportReader contract, run against PostgreSQL. */
class PostgresSessionExportReaderContractTest extends SessionExportReaderContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected SessionRepository createRepository() {
        database.truncate();
        return new PostgresSessionRepository(database.dataSource());
    }

    @Override
    protected SessionExportReader createReader() {
        return new PostgresSessionExportReader(database.dataSource());
    }

    @Override
    protected void registerNas(Nas nas) {
        new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER).save(nas);
    }
}
