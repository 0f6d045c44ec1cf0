package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.SessionView;

/** One session of the tenant with its customer and NAS. */
public interface GetSessionUseCase {
    /** @throws io.sessionkeeper.domain.model.NotFoundException when the tenant has no such session */
    SessionView get(GetSessionQuery query);
}
