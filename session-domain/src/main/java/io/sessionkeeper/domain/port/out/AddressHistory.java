package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * The sessions that may have held an address at an instant ("who had 100.64.12.7 on 4 January at 10:00?", {@code
 * GET /api/sessions/by-ip}): the store narrows, the domain decides ({@link
 * io.sessionkeeper.domain.service.AddressLookupService}).
 */
public interface AddressHistory {
    /**
     * Sessions of {@code tenant} that had begun at {@code at} and had not ended by then ({@code start <= at} and
     * {@code stop > at} or still open), and whose address is {@code address} now or was or became it in an IP change
     * ({@link SessionEvent.IpChanged}); each with all its IP changes, oldest first. Latest start first (a session
     * left open by a lost Stop years ago must not push out the one that holds the address now), at most {@code
     * limit}. No other tenant's session, ever.
     *
     * <p>For an IPv6 {@code address} (an {@link java.net.Inet6Address}): the sessions whose Framed-IPv6-Address is
     * {@code address} or whose Framed-IPv6-Prefix or Delegated-IPv6-Prefix contains it ({@link
     * io.sessionkeeper.domain.model.Ipv6Assignment#holds}), with the same time rule, order and limit; their IP
     * changes (IPv4) need not be read.
     */
    List<Candidate> candidates(TenantId tenant, IpAddress address, Instant at, int limit);

    /** A session and its IP changes ({@link SessionEvent}s whose detail is an {@link SessionEvent.IpChanged}). */
    record Candidate(Session session, List<SessionEvent> ipChanges) {
        public Candidate {
            ipChanges = List.copyOf(ipChanges);
        }
    }
}
