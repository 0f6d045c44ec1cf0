package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.port.out.NasDirectory;

class InMemoryNasDirectoryTest extends NasDirectoryContract {
    @Override
    protected NasDirectory createDirectory() {
        return new InMemoryNasDirectory();
    }
}
