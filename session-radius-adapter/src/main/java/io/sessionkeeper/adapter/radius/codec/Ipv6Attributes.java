package io.sessionkeeper.adapter.radius.codec;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import java.net.Inet6Address;
import java.net.UnknownHostException;

/**
 * Framed-IPv6-Address (RFC 6911, type 168: 16 octets), Framed-IPv6-Prefix (RFC 3162, type 97) and
 * Delegated-IPv6-Prefix (RFC 4818, type 123), read from the raw packet: jradius has no class for type 168, and its
 * prefix value reads any length without the checks below. A prefix is a reserved octet, the prefix length (0-128)
 * and up to 16 octets of prefix (RFC 8044 §3.10).
 *
 * <p>An attribute is invalid (left out and counted, like one of a wrong length elsewhere; the packet stays good) when:
 * its length is wrong (an address not 16 octets; a prefix shorter than 2 or longer than 18 octets), the prefix length
 * is over 128 or is 0 ({@code ::/0} is not something a NAS hands one subscriber, and stored it would name that session
 * for every IPv6 address of the tenant), the prefix field is too short for the prefix length, a bit beyond the prefix
 * length is set (RFC 8044: "MUST be zero"; PostgreSQL's {@code cidr} refuses it too), or the address is not one a
 * host can have: unspecified {@code ::}, multicast {@code ff00::/8}, or IPv4-mapped {@code ::ffff:0:0/96} (an IPv4
 * address belongs in Framed-IP-Address). The reserved octet is not checked: a set one changes nothing we read. Of
 * repeated attributes the first valid one counts, as for the attributes jradius reads.
 */
final class Ipv6Attributes {
    private IpAddress address;
    private Ipv6Prefix framedPrefix;
    private Ipv6Prefix delegatedPrefix;

    static boolean reads(int type) {
        return type == Radius.FRAMED_IPV6_ADDRESS
                || type == Radius.FRAMED_IPV6_PREFIX
                || type == Radius.DELEGATED_IPV6_PREFIX;
    }

    /** Reads one attribute's value; false when it is invalid (see the class comment). */
    boolean read(int type, byte[] packet, int offset, int length) {
        if (type == Radius.FRAMED_IPV6_ADDRESS) {
            IpAddress value = address(packet, offset, length);
            if (value != null && address == null) {
                address = value;
            }
            return value != null;
        }
        Ipv6Prefix value = prefix(packet, offset, length);
        if (value != null && type == Radius.FRAMED_IPV6_PREFIX && framedPrefix == null) {
            framedPrefix = value;
        } else if (value != null && type == Radius.DELEGATED_IPV6_PREFIX && delegatedPrefix == null) {
            delegatedPrefix = value;
        }
        return value != null;
    }

    Ipv6Assignment assignment() {
        return address == null && framedPrefix == null && delegatedPrefix == null
                ? Ipv6Assignment.NONE
                : new Ipv6Assignment(address, framedPrefix, delegatedPrefix);
    }

    static IpAddress address(byte[] packet, int offset, int length) {
        if (length != 16) {
            return null;
        }
        byte[] octets = new byte[16];
        System.arraycopy(packet, offset, octets, 0, 16);
        if (isUnspecified(octets) || octets[0] == (byte) 0xff || isIpv4Mapped(octets)) {
            return null;
        }
        try {
            return IpAddress.of(Inet6Address.getByAddress(null, octets, -1));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static Ipv6Prefix prefix(byte[] packet, int offset, int length) {
        if (length < 2 || length > 18) {
            return null;
        }
        int prefixLength = packet[offset + 1] & 0xff;
        int fieldLength = length - 2;
        if (prefixLength == 0 || prefixLength > Ipv6Prefix.MAX_LENGTH || fieldLength * 8 < prefixLength) {
            return null;
        }
        byte[] octets = new byte[16];
        System.arraycopy(packet, offset + 2, octets, 0, fieldLength);
        for (int bit = prefixLength; bit < fieldLength * 8; bit++) {
            if ((octets[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return null;
            }
        }
        if (prefixLength >= 96 && isIpv4Mapped(octets)) {
            return null;
        }
        return Ipv6Prefix.of(octets, prefixLength);
    }

    private static boolean isUnspecified(byte[] octets) {
        for (byte octet : octets) {
            if (octet != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4Mapped(byte[] octets) {
        for (int i = 0; i < 10; i++) {
            if (octets[i] != 0) {
                return false;
            }
        }
        return octets[10] == (byte) 0xff && octets[11] == (byte) 0xff;
    }
}
