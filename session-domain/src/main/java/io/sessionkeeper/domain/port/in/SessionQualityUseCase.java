package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.QualitySeries;

/** A session's measured quality over time. */
public interface SessionQualityUseCase {
    /**
     * @throws io.sessionkeeper.domain.model.NotFoundException when the tenant has no such session
     * @throws io.sessionkeeper.domain.model.InvalidValueException when the series would have more than {@link
     *     io.sessionkeeper.domain.model.BandwidthInterval#MAX_POINTS} points
     */
    QualitySeries quality(SessionQualityQuery query);
}
