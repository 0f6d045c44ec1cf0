package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.testing.CustomerDirectoryContract;

/** The domain's CustomerDirectory contract, run against PostgreSQL. */
class PostgresCustomerDirectoryContractTest extends CustomerDirectoryContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected CustomerDirectory createDirectory() {
        database.truncate();
        return new PostgresCustomerDirectory(database.dataSource());
    }
}
