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
        byte[] v4 = plainIpv4(literal);
        try {
            if (v4 != null) {
                // the common case (every Framed-IP-Address, every NAS) without InetAddress's parser: a fifth of an
                // export's reading CPU went to it (JFR); getByAddress never asks DNS
                return new IpAddress(InetAddress.getByAddress(v4));
            }
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
        if (plainIpv4(text) != null) {
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

    /**
     * The four octets of a dotted quad of ASCII decimals 0-255 without leading zeros ({@code 10.5.50.100}), or null
     * for anything else (including {@code 010.1.1.1}, which the general path reads as before).
     */
    private static byte[] plainIpv4(String text) {
        int length = text.length();
        if (length < 7 || length > 15) {
            return null;
        }
        byte[] octets = new byte[4];
        int octet = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return null;
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.' && digits > 0 && octet < 3) {
                octets[octet++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (digits == 0 || octet != 3) {
            return null;
        }
        octets[3] = (byte) value;
        return octets;
    }

    @Override
    public String toString() {
        return address.getHostAddress();
    }
}
