package io.sessionkeeper.adapter.radius.codec;

import io.sessionkeeper.domain.model.Octets;
import io.sessionkeeper.domain.model.OriginalOctets;
import java.net.InetAddress;

/**
 * Turns an authenticated Accounting-Request into plain values, read from the checked packet's own attribute walk
 * ({@link AttributeValues}, ADR 0053).
 */
public final class AccountingRequestDecoder {

    public AccountingRequestDecoder() {
        RadiusDictionary.ensureLoaded();
    }

    /**
     * Decodes {@code packet}, an Accounting-Request whose authenticator was already verified.
     *
     * @throws MalformedPacketException when it is not an Accounting-Request or its values cannot be read
     */
    public AccountingRequestValues decode(RawPacket packet) throws MalformedPacketException {
        if (packet.code() != Radius.ACCOUNTING_REQUEST) {
            throw new MalformedPacketException("not an Accounting-Request: " + Radius.codeName(packet.code()));
        }
        AttributeValues a = AttributeValues.of(packet);
        try {
            InetAddress nasIp = a.address(Radius.NAS_IP_ADDRESS);
            if (nasIp == null) {
                nasIp = a.address(Radius.NAS_IPV6_ADDRESS);
            }
            String nasIdentifier = a.string(Radius.NAS_IDENTIFIER);
            String acctSessionId = a.string(Radius.ACCT_SESSION_ID);
            String username = a.string(Radius.USER_NAME);
            String nasPortId = a.string(Radius.NAS_PORT_ID);
            String callingStationId = a.string(Radius.CALLING_STATION_ID);
            String calledStationId = a.string(Radius.CALLED_STATION_ID);
            String rateLimit = a.mikrotikString(Radius.MIKROTIK_RATE_LIMIT);
            OriginalOctets original = a.cleaned() == 0
                    ? null
                    : OriginalOctets.ofNullable(
                            octets(a.octetsIfCleaned(Radius.USER_NAME)),
                            octets(a.octetsIfCleaned(Radius.ACCT_SESSION_ID)));
            return new AccountingRequestValues(
                    packet.identifier(),
                    packet.authenticator(),
                    packet.values(Radius.PROXY_STATE),
                    a.skipped(),
                    a.cleaned(),
                    a.integer(Radius.ACCT_STATUS_TYPE),
                    nasIp,
                    nasIdentifier,
                    a.timestamp(Radius.EVENT_TIMESTAMP),
                    a.integer(Radius.ACCT_DELAY_TIME),
                    acctSessionId,
                    username,
                    nasPortId,
                    a.integer(Radius.NAS_PORT),
                    framed(a.address(Radius.FRAMED_IP_ADDRESS)),
                    callingStationId,
                    calledStationId,
                    a.integer(Radius.ACCT_INPUT_OCTETS),
                    a.integer(Radius.ACCT_INPUT_GIGAWORDS),
                    a.integer(Radius.ACCT_OUTPUT_OCTETS),
                    a.integer(Radius.ACCT_OUTPUT_GIGAWORDS),
                    a.integer(Radius.ACCT_INPUT_PACKETS),
                    a.integer(Radius.ACCT_OUTPUT_PACKETS),
                    a.integer(Radius.ACCT_SESSION_TIME),
                    a.integer(Radius.ACCT_TERMINATE_CAUSE),
                    a.integer(Radius.SERVICE_TYPE),
                    a.integer(Radius.FRAMED_PROTOCOL),
                    a.integer(Radius.NAS_PORT_TYPE),
                    a.mikrotikAddress(Radius.MIKROTIK_HOST_IP),
                    rateLimit,
                    a.integer(Radius.ACCT_INTERIM_INTERVAL),
                    original,
                    a.ipv6());
        } catch (RuntimeException e) {
            throw new MalformedPacketException("attribute values could not be read: " + e, e);
        }
    }

    private static Octets octets(byte[] value) {
        return value == null ? null : Octets.of(value);
    }

    /** 255.255.255.255 and 255.255.255.254 are instructions to a NAS (RFC 2865 §5.8), not addresses. */
    private static InetAddress framed(InetAddress address) {
        if (address == null) {
            return null;
        }
        byte[] octets = address.getAddress();
        if (octets.length == 4
                && octets[0] == (byte) 255
                && octets[1] == (byte) 255
                && octets[2] == (byte) 255
                && (octets[3] == (byte) 255 || octets[3] == (byte) 254)) {
            return null;
        }
        return address;
    }
}
