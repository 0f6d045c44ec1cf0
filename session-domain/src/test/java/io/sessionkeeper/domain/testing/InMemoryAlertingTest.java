package io.sessionkeeper.domain.testing;

class InMemoryAlertingTest extends AlertingContract {
    @Override
    protected Stores createStores() {
        InMemoryAlerting alerting = new InMemoryAlerting();
        return new Stores(new InMemoryAlertRules(), alerting, alerting, alerting);
    }
}
