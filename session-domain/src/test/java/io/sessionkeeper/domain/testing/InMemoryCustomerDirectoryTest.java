package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.port.out.CustomerDirectory;

class InMemoryCustomerDirectoryTest extends CustomerDirectoryContract {
    @Override
    protected CustomerDirectory createDirectory() {
        return new InMemoryCustomerDirectory();
    }
}
