package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionView;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.LookupAddressUseCase;
import io.sessionkeeper.domain.port.out.AddressHistory;
import io.sessionkeeper.domain.port.out.AddressLookupAudit;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.NasDirectory;
import jakarta.inject.Inject;
import java.net.Inet6Address;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * "Who had this address at that instant?" A session holds the address it started with until its first IP change,
 * then each change's new address until the next change, and the last one until it ended (or still, while open): over
 * {@code [from, until)}, so at the instant of a change the new address is the session's, and at the instant a session
 * stopped it holds nothing. An address reused by a later session is that session's from its start.
 *
 * <p>An IPv6 address is held by a session whose Framed-IPv6-Address is it or whose Framed-IPv6-Prefix or
 * Delegated-IPv6-Prefix contains it ({@link io.sessionkeeper.domain.model.Ipv6Assignment#holds}), over the whole
 * session {@code [start, stop)}: the session keeps only the last IPv6 values it was told, and a change of them is not
 * an event (ADR 0046), so a session is named for the IPv6 values it had last.
 */
public final class AddressLookupService implements LookupAddressUseCase {
    /**
     * More holders of one address at one instant than any pool hands out (a CGNAT address is one holder too): only
     * sessions left open by lost Stops make more, and the latest starts come first.
     */
    static final int MAX_HOLDERS = 100;

    private final AddressHistory history;
    private final AddressLookupAudit audit;
    private final NasDirectory nas;
    private final CustomerDirectory customers;
    private final Clock clock;

    @Inject
    public AddressLookupService(
            AddressHistory history,
            AddressLookupAudit audit,
            NasDirectory nas,
            CustomerDirectory customers,
            Clock clock) {
        this.history = history;
        this.audit = audit;
        this.nas = nas;
        this.customers = customers;
        this.clock = clock;
    }

    @Override
    public Answer lookup(Principal caller, IpAddress address, Instant at) {
        caller.require(Permission.SESSIONS_LOOKUP);
        InvalidValueException.require(address != null, "ip", "is required");
        Instant now = Instants.now(clock);
        Instant when = at == null ? now : Instants.micros(at);
        InvalidValueException.require(!when.isAfter(now), "at", "must not be in the future");
        TenantId tenant = caller.tenant();

        List<AddressHistory.Candidate> candidates = history.candidates(tenant, address, when, MAX_HOLDERS + 1);
        List<Span> spans = new ArrayList<>();
        for (AddressHistory.Candidate candidate : candidates) {
            heldAt(candidate, address, when).ifPresent(spans::add);
        }
        boolean truncated = candidates.size() > MAX_HOLDERS;
        if (spans.size() > MAX_HOLDERS) {
            spans = spans.subList(0, MAX_HOLDERS);
        }
        audit.record(new AddressLookupAudit.Entry(
                tenant, caller.tokenId(), caller.clientAddress(), address, when, now, spans.size()));
        return new Answer(address, when, holders(tenant, spans, now), truncated);
    }

    /** The stretch of {@code candidate} during which it held {@code address}, if {@code at} lies in one. */
    static Optional<Span> heldAt(AddressHistory.Candidate candidate, IpAddress address, Instant at) {
        Session session = candidate.session();
        if (session.startTime().isAfter(at)
                || (session.stopTime() != null && !session.stopTime().isAfter(at))) {
            return Optional.empty();
        }
        if (address.address() instanceof Inet6Address) {
            return session.ipv6().holds(address)
                    ? Optional.of(new Span(session, session.startTime(), session.stopTime()))
                    : Optional.empty();
        }
        List<SessionEvent> changes = candidate.ipChanges();
        Instant from = session.startTime();
        IpAddress held =
                changes.isEmpty() ? session.framedIp() : change(changes.get(0)).from();
        for (SessionEvent event : changes) {
            if (event.at().isAfter(at)) {
                return address.equals(held) ? Optional.of(new Span(session, from, event.at())) : Optional.empty();
            }
            from = event.at();
            held = change(event).to();
        }
        return address.equals(held) ? Optional.of(new Span(session, from, session.stopTime())) : Optional.empty();
    }

    private static SessionEvent.IpChanged change(SessionEvent event) {
        if (event.detail() instanceof SessionEvent.IpChanged change) {
            return change;
        }
        throw new IllegalArgumentException("not an IP change: " + event);
    }

    private List<Holder> holders(TenantId tenant, List<Span> spans, Instant now) {
        if (spans.isEmpty()) {
            return List.of();
        }
        Set<String> usernames = new LinkedHashSet<>();
        for (Span span : spans) {
            usernames.add(span.session().username());
        }
        Map<String, Customer> byUsername = customers.findByUsernames(tenant, usernames);
        Map<NasId, Optional<Nas>> nasById = new HashMap<>();
        List<Holder> holders = new ArrayList<>(spans.size());
        for (Span span : spans) {
            Session session = span.session();
            Nas router = nasById.computeIfAbsent(session.nasId(), id -> nas.findById(tenant, id))
                    .orElse(null);
            SessionView view =
                    new SessionView(session, byUsername.get(session.username()), router, session.durationSeconds(now));
            holders.add(new Holder(view, span.from(), span.until()));
        }
        return holders;
    }

    /** A session and the stretch {@code [from, until)} it held the address over ({@code until} null: still). */
    record Span(Session session, Instant from, Instant until) {}
}
