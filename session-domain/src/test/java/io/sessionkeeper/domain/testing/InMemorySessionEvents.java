package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.SessionEvents;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Session events in memory, in the order appended; the in-memory repository ({@link InMemorySessionRepository})
 * records its own here as PostgreSQL records them in the same table. {@link #failWith} plays a store that went away.
 */
public final class InMemorySessionEvents implements SessionEvents {
    private final List<SessionEvent> events = new ArrayList<>();
    private volatile RuntimeException failure;

    public synchronized void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    public synchronized List<SessionEvent> all() {
        return List.copyOf(events);
    }

    @Override
    public synchronized void append(Collection<SessionEvent> recorded) {
        RuntimeException current = failure;
        if (current != null) {
            throw current;
        }
        events.addAll(List.copyOf(recorded));
    }

    @Override
    public synchronized List<SessionEvent> of(TenantId tenant, SessionId session, long offset, int limit) {
        // a stable sort: events of one instant keep the order they were appended in
        return events.stream()
                .filter(e -> e.tenant().equals(tenant) && e.session().equals(session))
                .sorted(Comparator.comparing(SessionEvent::at))
                .skip(offset)
                .limit(limit)
                .toList();
    }
}
