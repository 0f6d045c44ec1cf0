package io.sessionkeeper.domain.port.in;

/**
 * Ends a live session: asks its NAS to disconnect it (RFC 5176) and records the end when the NAS confirms, or
 * records it in the database only when forced.
 */
public interface TerminateSessionUseCase {
    /**
     * @throws io.sessionkeeper.domain.model.NotFoundException when the tenant has no such session
     * @throws io.sessionkeeper.domain.model.ConflictException when it has already ended, or its NAS is gone and
     *     the request is not forced
     */
    TerminationResult terminate(TerminateSessionCommand command);
}
