package io.sessionkeeper.domain.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 address. Parsing accepts literals only and never asks DNS. */
public record IpAddress(InetAddress address) {
    public IpAddress {
        InvalidValueException.require(address != null, "ipAddress", "must not be null");
    }

    public static IpAddress of(InetAddress address) {
        return new IpAddress(address);
    }

    public static IpAddress parse(String literal) {
        return parse("ipAddress", literal);
    }

    /** Parses a literal, reporting a failure against {@code field}. */
    public static IpAddress parse(String field, String literal) {
        if (literal == null || !isLiteral(literal)) {
            throw new InvalidValueException(field, "not an IP address: " + literal);
        }
        try {
            return new IpAddress(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            throw new InvalidValueException(field, "not an IP address: " + literal);
        }
    }

    /**
     * Whether this can be the address of one host: not unspecified ({@code 0.0.0.0/8}, {@code ::}), not multicast
     * ({@code 224.0.0.0/4}, {@code ff00::/8}) and not the IPv4 broadcast {@code 255.255.255.255}. Loopback and
     * link-local addresses are host addresses. (IPv4-mapped IPv6 literals such as {@code ::ffff:0.0.0.0} are read
     * as the IPv4 address they carry.)
     */
    public boolean isUnicastHost() {
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        if (address instanceof Inet4Address) {
            byte[] octets = address.getAddress();
            boolean thisNetwork = octets[0] == 0;
            boolean broadcast = (octets[0] & octets[1] & octets[2] & octets[3]) == (byte) 0xff;
            return !thisNetwork && !broadcast;
        }
        return true;
    }

    public static boolean isLiteral(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return false;
        }
        if (text.indexOf(':') >= 0) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
            return true;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return address.getHostAddress();
    }
}
