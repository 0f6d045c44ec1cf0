package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Timeline;

/**
 * What happened to one session of the tenant, in time order: its start, its interim updates (from its usage samples),
 * what the service did or saw (recorded events) and its end.
 */
public interface GetSessionTimelineUseCase {
    /** @throws io.sessionkeeper.domain.model.NotFoundException when the tenant has no such session */
    Timeline timeline(SessionTimelineQuery query);
}
