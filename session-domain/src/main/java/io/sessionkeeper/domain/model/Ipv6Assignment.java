package io.sessionkeeper.domain.model;

import java.net.Inet6Address;

/**
 * What a NAS said it gave a subscriber in IPv6, each part nullable: Framed-IPv6-Address (RFC 6911, one address, e.g.
 * by DHCPv6 IA_NA), Framed-IPv6-Prefix (RFC 3162, the link's prefix, SLAAC) and Delegated-IPv6-Prefix (RFC 4818,
 * the prefix routed to the customer's router, DHCPv6-PD). {@link #NONE} when the NAS said none of them.
 */
public record Ipv6Assignment(IpAddress address, Ipv6Prefix framedPrefix, Ipv6Prefix delegatedPrefix) {
    public static final Ipv6Assignment NONE = new Ipv6Assignment(null, null, null);

    public Ipv6Assignment {
        InvalidValueException.require(
                address == null || address.address() instanceof Inet6Address,
                "framedIpv6Address",
                "must be an IPv6 address");
    }

    public boolean isEmpty() {
        return address == null && framedPrefix == null && delegatedPrefix == null;
    }

    /** Each part as {@code later} says it, when it says it (like the framed IP: the last seen is kept). */
    public Ipv6Assignment mergedWith(Ipv6Assignment later) {
        if (later.isEmpty()) {
            return this;
        }
        return new Ipv6Assignment(
                later.address != null ? later.address : address,
                later.framedPrefix != null ? later.framedPrefix : framedPrefix,
                later.delegatedPrefix != null ? later.delegatedPrefix : delegatedPrefix);
    }

    /**
     * Whether {@code address} is the Framed-IPv6-Address or inside the Framed-IPv6-Prefix or Delegated-IPv6-Prefix.
     * Mirrored in SQL ({@code PostgresAddressHistory}).
     */
    public boolean holds(IpAddress other) {
        return other.equals(address)
                || (framedPrefix != null && framedPrefix.contains(other))
                || (delegatedPrefix != null && delegatedPrefix.contains(other));
    }
}
