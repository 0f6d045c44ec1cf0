package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Session;
import java.util.Optional;

/**
 * The session after the attempt ({@code closed} tells whether it is now ended) and the NAS's answer; the answer
 * is null when the termination was forced and the NAS was not asked.
 */
public record TerminationResult(Session session, boolean closed, DisconnectResult disconnect) {
    public Optional<DisconnectResult> disconnectValue() {
        return Optional.ofNullable(disconnect);
    }
}
