package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.AddressHistory;
import io.sessionkeeper.domain.port.out.AddressLookupAudit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@link AddressHistory} over the in-memory sessions and their events, and an audit that keeps its entries. */
public final class InMemoryAddressHistory implements AddressHistory, AddressLookupAudit {
    private final InMemorySessionRepository sessions;
    private final List<Entry> audited = new ArrayList<>();

    public InMemoryAddressHistory(InMemorySessionRepository sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<Candidate> candidates(TenantId tenant, IpAddress address, Instant at, int limit) {
        List<Candidate> found = new ArrayList<>();
        for (Session session : sessions.all().stream()
                .sorted(Comparator.comparing(Session::startTime)
                        .thenComparing(s -> s.id().value())
                        .reversed())
                .toList()) {
            if (!session.tenant().equals(tenant)
                    || session.startTime().isAfter(at)
                    || (session.stopTime() != null && !session.stopTime().isAfter(at))) {
                continue;
            }
            List<SessionEvent> changes = sessions.events().of(tenant, session.id(), 0, Integer.MAX_VALUE).stream()
                    .filter(e -> e.detail() instanceof SessionEvent.IpChanged)
                    .toList();
            boolean named = address.equals(session.framedIp())
                    || session.ipv6().holds(address)
                    || changes.stream()
                            .anyMatch(e -> e.detail() instanceof SessionEvent.IpChanged c
                                    && (address.equals(c.from()) || address.equals(c.to())));
            if (named && found.size() < limit) {
                found.add(new Candidate(session, changes));
            }
        }
        return found;
    }

    @Override
    public synchronized void record(Entry entry) {
        audited.add(entry);
    }

    public synchronized List<Entry> audited() {
        return List.copyOf(audited);
    }
}
