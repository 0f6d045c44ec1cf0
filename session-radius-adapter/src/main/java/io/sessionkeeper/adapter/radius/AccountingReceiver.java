package io.sessionkeeper.adapter.radius;

import io.sessionkeeper.adapter.radius.codec.AccountingRequestDecoder;
import io.sessionkeeper.adapter.radius.codec.AccountingRequestValues;
import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.adapter.radius.codec.MalformedPacketException;
import io.sessionkeeper.adapter.radius.codec.Radius;
import io.sessionkeeper.adapter.radius.codec.RawPacket;
import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.DomainException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.port.in.LookupNasUseCase;
import java.net.InetAddress;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * From a datagram to an accepted event or a counted drop, without a socket. In order: the structure, the RADIUS
 * client by source address, the Request Authenticator over the raw octets with that client's secret, RFC 5080
 * duplicates (a retransmission of an answered packet gets its cached response back), the decode, the NAS (the
 * client itself, or the NAS a proxy forwards for), the domain's event. One thread calls it (the listener's
 * receiver): it keeps no other state than the decoder.
 */
final class AccountingReceiver {
    /** What became of a datagram. */
    sealed interface Received permits Accept, Resend, Dropped {}

    /** A new request, to be recorded and then answered. */
    record Accept(PendingAnswer pending) implements Received {}

    /** A retransmission of an answered request: its response, to be sent again. */
    record Resend(byte[] response) implements Received {}

    /** Not answered; already counted (and logged, rate-limited). */
    enum Dropped implements Received {
        DROPPED
    }

    private final LookupNasUseCase nasLookup;
    private final AccountingListenerMetrics metrics;
    private final Clock clock;
    private final DuplicateCache duplicates;
    private final Answers answers;
    private final RateLimitedLog log;
    private final AccountingRequestDecoder decoder = new AccountingRequestDecoder();

    AccountingReceiver(
            LookupNasUseCase nasLookup,
            AccountingListenerMetrics metrics,
            Clock clock,
            DuplicateCache duplicates,
            Answers answers,
            RateLimitedLog log) {
        this.nasLookup = nasLookup;
        this.metrics = metrics;
        this.clock = clock;
        this.duplicates = duplicates;
        this.answers = answers;
        this.log = log;
    }

    Received receive(byte[] data, int offset, int length, InetAddress source, int port) {
        metrics.received();
        RawPacket packet;
        try {
            packet = RawPacket.parse(data, offset, length);
        } catch (MalformedPacketException e) {
            return drop(DropReason.MALFORMED, source, e.getMessage());
        }
        if (packet.code() != Radius.ACCOUNTING_REQUEST) {
            return drop(DropReason.NOT_ACCOUNTING_REQUEST, source, Radius.codeName(packet.code()));
        }
        Optional<Nas> client;
        try {
            client = nasLookup.radiusClient(IpAddress.of(source));
        } catch (RuntimeException e) {
            return drop(DropReason.NAS_LOOKUP_FAILED, source, e.toString());
        }
        if (client.isEmpty()) {
            return drop(DropReason.UNKNOWN_CLIENT, source, "not a registered NAS or proxy");
        }
        byte[] secret = Authenticators.secretBytes(client.get().secret());
        if (!Authenticators.requestAuthenticatorValid(packet, secret)) {
            return drop(DropReason.BAD_AUTHENTICATOR, source, "Request Authenticator does not match the shared secret");
        }
        DuplicateCache.Key key = DuplicateCache.key(source, port, packet.identifier(), packet.authenticator());
        DuplicateCache.Status known = duplicates.reserve(key);
        if (known instanceof DuplicateCache.Answered answered) {
            metrics.answeredFromCache();
            return new Resend(answered.response());
        }
        if (known instanceof DuplicateCache.InFlight) {
            metrics.dropped(DropReason.DUPLICATE_IN_FLIGHT);
            return Dropped.DROPPED;
        }
        // Reserved: from here every way out either hands the reservation to a PendingAnswer or releases it.
        try {
            return accept(packet, client.get(), secret, key, source, port);
        } catch (RuntimeException e) {
            duplicates.release(key);
            throw e;
        }
    }

    private Received accept(
            RawPacket packet, Nas client, byte[] secret, DuplicateCache.Key key, InetAddress source, int port) {
        AccountingRequestValues values;
        try {
            values = decoder.decode(packet);
        } catch (MalformedPacketException e) {
            return release(key, DropReason.MALFORMED, source, e.getMessage());
        }
        if (values.cleanedAttributes() > 0) {
            metrics.cleanedAttributes(values.cleanedAttributes());
            log.info(
                    "cleaned-attributes",
                    "Cleaned {} text attributes (invalid UTF-8 or control characters) in a packet from {}",
                    values.cleanedAttributes(),
                    source.getHostAddress());
        }
        if (values.skippedAttributes() > 0) {
            metrics.invalidAttributes(values.skippedAttributes());
            log.info(
                    "invalid-attributes",
                    "Ignored {} attributes with invalid lengths in a packet from {}",
                    values.skippedAttributes(),
                    source.getHostAddress());
        }
        Optional<Nas> origin;
        try {
            origin = nasLookup.originOf(client, values.nasAddress(), values.nasIdentifier());
        } catch (RuntimeException e) {
            return release(key, DropReason.NAS_LOOKUP_FAILED, source, e.toString());
        }
        if (origin.isEmpty()) {
            return release(
                    key,
                    DropReason.UNKNOWN_NAS_BEHIND_PROXY,
                    source,
                    "NAS-IP-Address " + values.nasIpAddress() + " / NAS-Identifier " + values.nasIdentifier());
        }
        AccountingEvent event;
        try {
            // the store keeps microseconds: an arrival cut to them is the same instant before and after a write, so the
            // sessions the store remembers of its own writes are exactly what it would read back (ADR 57)
            event = values.toEvent(origin.get(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        } catch (DomainException e) {
            return release(key, DropReason.MALFORMED, source, e.getMessage());
        }
        return new Accept(new PendingAnswer(event, key, source, port, values, secret, answers, System.nanoTime()));
    }

    private Received release(DuplicateCache.Key key, DropReason reason, InetAddress source, String detail) {
        duplicates.release(key);
        return drop(reason, source, detail);
    }

    private Received drop(DropReason reason, InetAddress source, String detail) {
        metrics.dropped(reason);
        log.warn(reason.name(), "Dropped a packet from {} ({}): {}", source.getHostAddress(), reason.label(), detail);
        return Dropped.DROPPED;
    }
}
