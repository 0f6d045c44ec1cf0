package io.sessionkeeper.domain.model;

import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An IPv6 prefix as a NAS hands it to a subscriber (Framed-IPv6-Prefix, RFC 3162; Delegated-IPv6-Prefix, RFC 4818):
 * the first {@code length} bits of {@code network}, with every bit after them zero. That is the wire rule (RFC 8044
 * §3.10: bits outside the prefix length "MUST be zero") and PostgreSQL's {@code cidr} rule, so a prefix that breaks it
 * is refused here rather than stored as something the NAS did not say.
 */
public record Ipv6Prefix(IpAddress network, int length) {
    public static final int MAX_LENGTH = 128;

    public Ipv6Prefix {
        InvalidValueException.require(network != null, "prefix", "must not be null");
        InvalidValueException.require(network.address() instanceof Inet6Address, "prefix", "must be an IPv6 prefix");
        InvalidValueException.require(length >= 0 && length <= MAX_LENGTH, "prefix", "length must be 0 to 128");
        InvalidValueException.require(
                isCanonical(network.address().getAddress(), length), "prefix", "bits set beyond the prefix length");
    }

    /**
     * The prefix of the first {@code length} bits of {@code octets} (16 octets, or fewer: the missing ones are zero,
     * as the wire form allows).
     */
    public static Ipv6Prefix of(byte[] octets, int length) {
        InvalidValueException.require(octets != null && octets.length <= 16, "prefix", "at most 16 octets");
        byte[] full = new byte[16];
        System.arraycopy(octets, 0, full, 0, octets.length);
        return new Ipv6Prefix(IpAddress.of(ipv6(full)), length);
    }

    /** {@code 2001:db8:1::/48}; a lone address is its /128. */
    public static Ipv6Prefix parse(String field, String text) {
        InvalidValueException.require(text != null && text.length() <= 49, field, "not an IPv6 prefix");
        int slash = text.indexOf('/');
        IpAddress address = IpAddress.parse(field, slash < 0 ? text : text.substring(0, slash));
        InvalidValueException.require(address.address() instanceof Inet6Address, field, "not an IPv6 prefix");
        int length = MAX_LENGTH;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            InvalidValueException.require(digits.matches("[0-9]{1,3}"), field, "not an IPv6 prefix");
            length = Integer.parseInt(digits);
        }
        try {
            return of(address.address().getAddress(), length);
        } catch (InvalidValueException e) {
            throw new InvalidValueException(field, e.getMessage());
        }
    }

    /** Whether {@code address} is inside this prefix (an IPv4 address never is). */
    public boolean contains(IpAddress address) {
        if (!(address.address() instanceof Inet6Address)) {
            return false;
        }
        return masked(address.address().getAddress(), length).equals(this);
    }

    /**
     * Every prefix that contains {@code address}: the address masked at each length 0 to 128, shortest first. A
     * stored prefix contains the address exactly when it is one of them, which lets a B-tree of prefixes answer
     * "which prefix contains this address" with 129 equality probes.
     */
    public static List<Ipv6Prefix> containing(IpAddress address) {
        InvalidValueException.require(address.address() instanceof Inet6Address, "ip", "not an IPv6 address");
        byte[] octets = address.address().getAddress();
        List<Ipv6Prefix> all = new ArrayList<>(MAX_LENGTH + 1);
        for (int length = 0; length <= MAX_LENGTH; length++) {
            all.add(masked(octets, length));
        }
        return all;
    }

    private static Ipv6Prefix masked(byte[] octets, int length) {
        byte[] network = new byte[16];
        int whole = length / 8;
        System.arraycopy(octets, 0, network, 0, whole);
        int rest = length % 8;
        if (rest != 0) {
            network[whole] = (byte) (octets[whole] & (0xff << (8 - rest)));
        }
        return new Ipv6Prefix(IpAddress.of(ipv6(network)), length);
    }

    private static boolean isCanonical(byte[] octets, int length) {
        for (int bit = length; bit < MAX_LENGTH; bit++) {
            if ((octets[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Always an {@link Inet6Address}, also for {@code ::ffff:a.b.c.d}, which {@code getByAddress} reads as IPv4. */
    private static Inet6Address ipv6(byte[] octets) {
        try {
            return Inet6Address.getByAddress(null, octets, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String toString() {
        return network + "/" + length;
    }
}
