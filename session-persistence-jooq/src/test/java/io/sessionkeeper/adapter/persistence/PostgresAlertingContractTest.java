package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.testing.AlertingContract;

/** The domain's alerting contract, run against PostgreSQL (V16, V17). */
class PostgresAlertingContractTest extends AlertingContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected Stores createStores() {
        database.truncate();
        PostgresAlerts alerts = new PostgresAlerts(database.dataSource());
        return new Stores(
                new PostgresAlertRules(database.dataSource()),
                alerts,
                new PostgresWebhooks(database.dataSource(), TestDatabase.CIPHER),
                alerts);
    }
}
