package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.SessionStatistics;

/** Live figures of a tenant's sessions. */
public interface SessionStatisticsUseCase {
    SessionStatistics statistics(SessionStatisticsQuery query);
}
