package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.port.out.TenantDirectory;

class InMemoryTenantDirectoryTest extends TenantDirectoryContract {
    @Override
    protected TenantDirectory createDirectory() {
        return new InMemoryTenantDirectory();
    }
}
