package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.DisconnectResult;

/** Changes the rate limit of a live session on its NAS with a CoA-Request. */
public interface ChangeRateLimitUseCase {
    /**
     * @throws io.sessionkeeper.domain.model.NotFoundException when the tenant has no such session
     * @throws io.sessionkeeper.domain.model.ConflictException when it has ended or its NAS is gone
     */
    DisconnectResult changeRateLimit(ChangeRateLimitCommand command);
}
