package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.testing.ApiTokenStoreContract;

/** The domain's ApiTokenStore contract, run against PostgreSQL. */
class PostgresApiTokenStoreContractTest extends ApiTokenStoreContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected ApiTokenStore createStore() {
        database.truncate();
        return new PostgresApiTokenStore(database.dataSource());
    }
}
