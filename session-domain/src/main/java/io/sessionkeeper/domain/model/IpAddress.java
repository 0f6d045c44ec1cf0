package io.sessionkeeper.domain.model;

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
