package io.sessionkeeper.domain.testing;

class InMemoryMultiDeviceFindingsTest extends MultiDeviceFindingsContract {
    @Override
    protected Stores createStores() {
        InMemorySessionRepository sessions = new InMemorySessionRepository();
        InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
        return new Stores(new InMemoryMultiDeviceFindings(sessions, nasDirectory), sessions, nasDirectory);
    }
}
