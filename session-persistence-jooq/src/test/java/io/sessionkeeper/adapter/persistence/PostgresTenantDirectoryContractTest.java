package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.port.out.TenantDirectory;
import io.sessionkeeper.domain.testing.TenantDirectoryContract;

/** The domain's TenantDirectory contract, run against PostgreSQL. */
class PostgresTenantDirectoryContractTest extends TenantDirectoryContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected TenantDirectory createDirectory() {
        database.truncate();
        return new PostgresTenantDirectory(database.dataSource());
    }
}
