package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.Bandwidth;

/** Traffic over time: of a session, or of a customer's or a NAS's sessions summed. */
public interface BandwidthUseCase {
    /**
     * @throws io.sessionkeeper.domain.model.NotFoundException when the tenant has no such session or NAS
     * @throws io.sessionkeeper.domain.model.InvalidValueException when the series would have more than {@link
     *     io.sessionkeeper.domain.model.BandwidthInterval#MAX_POINTS} points
     */
    Bandwidth bandwidth(BandwidthQuery query);
}
