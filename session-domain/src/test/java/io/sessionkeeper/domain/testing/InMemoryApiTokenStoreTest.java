package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.port.out.ApiTokenStore;

class InMemoryApiTokenStoreTest extends ApiTokenStoreContract {
    @Override
    protected ApiTokenStore createStore() {
        return new InMemoryApiTokenStore();
    }
}
