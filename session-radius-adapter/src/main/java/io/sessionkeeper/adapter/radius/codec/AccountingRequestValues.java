package io.sessionkeeper.adapter.radius.codec;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.OriginalOctets;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * What an Accounting-Request said, as plain Java values (integers unsigned in a {@code Long}, strings decoded as
 * UTF-8 and cleaned for storage and display by {@link RadiusText}'s rule, Event-Timestamp in epoch seconds), before
 * it is attributed to a NAS. Every attribute value is nullable.
 *
 * @param proxyStates the Proxy-State values in packet order, to be copied into the response (RFC 2865 §5.33)
 * @param skippedAttributes known attributes left out because their value had an invalid length
 * @param cleanedAttributes string values whose text cleaning changed (invalid UTF-8 or control characters)
 * @param interimInterval Acct-Interim-Interval in seconds (MikroTik sends it in accounting packets, RFC 2869 only in
 *     Access-Accept)
 * @param original the octets of User-Name and Acct-Session-Id as sent where cleaning changed them, else null
 * @param ipv6 Framed-IPv6-Address, Framed-IPv6-Prefix and Delegated-IPv6-Prefix ({@link Ipv6Attributes}); never null
 */
public record AccountingRequestValues(
        int identifier,
        byte[] authenticator,
        List<byte[]> proxyStates,
        int skippedAttributes,
        int cleanedAttributes,
        Long statusType,
        InetAddress nasIpAddress,
        String nasIdentifier,
        Long eventTimestamp,
        Long delayTime,
        String acctSessionId,
        String username,
        String nasPortId,
        Long nasPort,
        InetAddress framedIp,
        String callingStationId,
        String calledStationId,
        Long inputOctets,
        Long inputGigawords,
        Long outputOctets,
        Long outputGigawords,
        Long inputPackets,
        Long outputPackets,
        Long sessionTime,
        Long terminateCause,
        Long serviceType,
        Long framedProtocol,
        Long nasPortType,
        InetAddress hostIp,
        String rateLimit,
        Long interimInterval,
        OriginalOctets original,
        Ipv6Assignment ipv6) {

    public AccountingRequestValues {
        proxyStates = List.copyOf(proxyStates);
        if (ipv6 == null) {
            ipv6 = Ipv6Assignment.NONE;
        }
    }

    /** NAS-IP-Address (or NAS-IPv6-Address) for finding the NAS behind a proxy. */
    public IpAddress nasAddress() {
        return nasIpAddress == null ? null : IpAddress.of(nasIpAddress);
    }

    /**
     * The domain's event for this request from {@code origin}, the NAS it is attributed to.
     *
     * @throws io.sessionkeeper.domain.model.InvalidValueException when a value breaks the event's invariants
     */
    public AccountingEvent toEvent(Nas origin, Instant receivedAt) {
        AcctStatusType type = statusType == null ? AcctStatusType.OTHER : AcctStatusType.fromCode(statusType);
        return AccountingEvent.builder(origin, type, receivedAt)
                .eventTimestamp(eventTimestamp == null ? null : Instant.ofEpochSecond(eventTimestamp))
                .delaySeconds(delayTime == null ? 0 : delayTime)
                .acctSessionId(acctSessionId)
                .username(username)
                .nasPortId(nasPortId)
                .nasPort(nasPort)
                .framedIp(framedIp == null ? null : IpAddress.of(framedIp))
                .callingStationId(callingStationId)
                .calledStationId(calledStationId)
                .inputOctets(zeroIfAbsent(inputOctets), zeroIfAbsent(inputGigawords))
                .outputOctets(zeroIfAbsent(outputOctets), zeroIfAbsent(outputGigawords))
                .packets(zeroIfAbsent(inputPackets), zeroIfAbsent(outputPackets))
                .sessionTime(sessionTime)
                .terminateCause(small(terminateCause))
                .serviceType(small(serviceType))
                .framedProtocol(small(framedProtocol))
                .nasPortType(small(nasPortType))
                .hostIp(hostIp == null ? null : IpAddress.of(hostIp))
                .rateLimit(rateLimit)
                .interimIntervalSeconds(interimSeconds(interimInterval))
                .original(original)
                .ipv6(ipv6)
                .build();
    }

    private static long zeroIfAbsent(Long value) {
        return value == null ? 0 : value;
    }

    /** Enumerations are 32-bit unsigned on the wire; the domain holds them as int. */
    private static Integer small(Long value) {
        return value == null ? null : (int) Math.min(value, Integer.MAX_VALUE);
    }

    /**
     * 0 is no interval (a NAS that sends no interims), not a spacing of 0 s: it is left out, like a value too large
     * for an int (68 years), so that the series infers the spacing from the samples instead.
     */
    private static Integer interimSeconds(Long value) {
        return value == null || value <= 0 || value > Integer.MAX_VALUE ? null : value.intValue();
    }

    @Override
    public String toString() {
        return "AccountingRequestValues[id=" + identifier + ", statusType=" + statusType + ", acctSessionId="
                + acctSessionId + ", username=" + username + "]";
    }
}
