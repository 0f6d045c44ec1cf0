package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.port.out.SessionEvents;

class InMemorySessionEventsTest extends SessionEventsContract {
    @Override
    protected SessionEvents createEvents() {
        return new InMemorySessionEvents();
    }
}
