package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.testing.NasDirectoryContract;

/** The domain's NasDirectory contract, run against PostgreSQL. */
class PostgresNasDirectoryContractTest extends NasDirectoryContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected NasDirectory createDirectory() {
        database.truncate();
        return new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER);
    }
}
