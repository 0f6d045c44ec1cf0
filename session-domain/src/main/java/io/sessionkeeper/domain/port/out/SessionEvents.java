package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import java.util.Collection;
import java.util.List;

/**
 * The events of sessions ({@link SessionEvent}), appended as they happen and never changed; they live as long as
 * their session. The accounting unit records its own through {@link SessionWrites#recordEvents}, and the bounded
 * closes of {@link SessionRepository} theirs in the same statement as the close; this port is for the rest (the
 * service acting on a request) and for reading.
 */
public interface SessionEvents {

    /**
     * Records the events as one unit: when this returns they are stored. Each names a session of its tenant that
     * exists.
     *
     * @throws io.sessionkeeper.domain.model.StoreUnavailableException when the store could not record them
     */
    void append(Collection<SessionEvent> events);

    /**
     * At most {@code limit} events of the tenant's session after skipping {@code offset}, oldest first; events of one
     * instant in the order they were recorded. Another tenant's session has none.
     */
    List<SessionEvent> of(TenantId tenant, SessionId session, long offset, int limit);
}
