package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.testing.MultiDeviceFindingsContract;

/** The domain's MultiDeviceFindings contract, run against PostgreSQL. */
class PostgresMultiDeviceFindingsContractTest extends MultiDeviceFindingsContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected Stores createStores() {
        database.truncate();
        return new Stores(
                new PostgresMultiDeviceFindings(database.dataSource()),
                new PostgresSessionRepository(database.dataSource()),
                new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER));
    }
}
