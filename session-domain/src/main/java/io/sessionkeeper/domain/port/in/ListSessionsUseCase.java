package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.SessionPage;

/** Lists a tenant's sessions, filtered and paged, newest start first. */
public interface ListSessionsUseCase {
    SessionPage list(ListSessionsQuery query);
}
