package io.sessionkeeper.adapter.radius.codec;

import io.sessionkeeper.adapter.radius.codec.RadiusDictionary.Kind;
import io.sessionkeeper.adapter.radius.codec.RadiusDictionary.Spec;
import io.sessionkeeper.adapter.radius.codec.RawPacket.Attribute;
import io.sessionkeeper.adapter.radius.codec.RawPacket.VendorAttribute;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The values of the attributes of {@link RadiusDictionary} in a checked packet, read from the octets
 * {@link RawPacket} already walked: one parse per packet (ADR 0053). For each attribute the first instance whose
 * value has a valid length for its kind counts; a known attribute of an invalid length is left out and counted, as
 * is a Vendor-Specific attribute whose sub-attributes do not tile it (an "invalid attribute", RFC 6929 §2.8; the
 * packet itself stays good). Proxy-State is opaque and read by the caller from the raw packet. The IPv6 address and
 * prefixes a NAS gave a subscriber are read by {@link Ipv6Attributes}, with the same rule for an invalid one.
 *
 * <p>The rules are the ones jradius applied when it decoded a packet rebuilt from the same attributes (ADR 0010),
 * and a test holds them equal on random packets: integers and times are 32-bit unsigned, addresses are the four or
 * sixteen octets as sent, strings follow {@link RadiusText}.
 */
final class AttributeValues {
    /** Slot of each attribute this service reads, by standard type and by MikroTik vendor type; -1 for none. */
    private static final int[] STANDARD_SLOTS = new int[256];

    private static final int[] MIKROTIK_SLOTS = new int[256];
    private static final Spec[] SPECS;

    static {
        Arrays.fill(STANDARD_SLOTS, -1);
        Arrays.fill(MIKROTIK_SLOTS, -1);
        List<Spec> standard = RadiusDictionary.standardSpecs();
        List<Spec> mikrotik = RadiusDictionary.mikrotikSpecs();
        SPECS = new Spec[standard.size() + mikrotik.size()];
        int slot = 0;
        for (Spec spec : standard) {
            STANDARD_SLOTS[spec.type()] = slot;
            SPECS[slot++] = spec;
        }
        for (Spec spec : mikrotik) {
            MIKROTIK_SLOTS[spec.type()] = slot;
            SPECS[slot++] = spec;
        }
    }

    private final byte[] bytes;
    /** Per slot, the offset of the first valid value in {@link #bytes}, 0 when there is none (values start at 22). */
    private final int[] offsets = new int[SPECS.length];

    private final int skipped;
    private final Ipv6Assignment ipv6;
    private int cleaned;

    private AttributeValues(RawPacket packet) {
        this.bytes = packet.bytes();
        int invalid = 0;
        Ipv6Attributes ipv6Attributes = new Ipv6Attributes();
        for (Attribute attribute : packet.attributes()) {
            int type = attribute.type();
            if (Ipv6Attributes.reads(type)) {
                if (!ipv6Attributes.read(type, bytes, attribute.valueOffset(), attribute.valueLength())) {
                    invalid++;
                }
            } else if (type == Radius.VENDOR_SPECIFIC) {
                List<VendorAttribute> parts = packet.vendorAttributes(attribute);
                if (parts.isEmpty()) {
                    invalid++;
                }
                for (VendorAttribute part : parts) {
                    if (part.vendor() == Radius.VENDOR_MIKROTIK
                            && !keep(MIKROTIK_SLOTS[part.type()], part.valueOffset(), part.valueLength())) {
                        invalid++;
                    }
                }
            } else if (type != Radius.PROXY_STATE
                    && !keep(STANDARD_SLOTS[type], attribute.valueOffset(), attribute.valueLength())) {
                invalid++;
            }
        }
        this.skipped = invalid;
        this.ipv6 = ipv6Attributes.assignment();
    }

    /** Reads the attributes of {@code packet}. */
    static AttributeValues of(RawPacket packet) {
        return new AttributeValues(packet);
    }

    /** Keeps a value for {@code slot} unless one is kept already; false when the value's length is invalid. */
    private boolean keep(int slot, int offset, int length) {
        if (slot < 0) {
            return true; // not an attribute this service reads
        }
        if (!SPECS[slot].kind().validLength(length)) {
            return false;
        }
        if (offsets[slot] == 0) {
            offsets[slot] = offset;
        }
        return true;
    }

    /** Known attributes left out for an invalid length (and Vendor-Specific attributes of an invalid layout). */
    int skipped() {
        return skipped;
    }

    /** Framed-IPv6-Address, Framed-IPv6-Prefix and Delegated-IPv6-Prefix, the first valid instance of each. */
    Ipv6Assignment ipv6() {
        return ipv6;
    }

    /** A standard attribute's value as an unsigned 32-bit integer, or null when the packet has none. */
    Long integer(int type) {
        int offset = offset(STANDARD_SLOTS[type], Kind.INTEGER);
        return offset == 0 ? null : unsigned(offset);
    }

    /** Event-Timestamp and its kind: seconds since the epoch, unsigned (RFC 2869 §5.3). */
    Long timestamp(int type) {
        int offset = offset(STANDARD_SLOTS[type], Kind.DATE);
        return offset == 0 ? null : unsigned(offset);
    }

    /** A standard attribute's address (IPv4, or IPv6 for NAS-IPv6-Address), or null. */
    InetAddress address(int type) {
        return addressAt(STANDARD_SLOTS[type]);
    }

    /** A MikroTik attribute's IPv4 address, or null. */
    InetAddress mikrotikAddress(int type) {
        return addressAt(MIKROTIK_SLOTS[type]);
    }

    /**
     * A standard string attribute's text: its octets decoded as UTF-8 (RFC 2865 §5), never with the platform charset,
     * and cleaned for storage and display by {@link RadiusText}'s rule; each value cleaning changed is counted. Null
     * when absent or only NUL padding.
     */
    String string(int type) {
        return stringAt(STANDARD_SLOTS[type]);
    }

    /** A MikroTik string attribute's text, by the same rule as {@link #string}. */
    String mikrotikString(int type) {
        return stringAt(MIKROTIK_SLOTS[type]);
    }

    /**
     * The octets of a standard string attribute as sent (trailing NUL padding dropped) when {@link #string} had to
     * clean them, else null: what a Disconnect/CoA request must carry to name the value as the NAS knows it.
     */
    byte[] octetsIfCleaned(int type) {
        int offset = offset(STANDARD_SLOTS[type], Kind.STRING);
        if (offset == 0) {
            return null;
        }
        int end = RadiusText.withoutTrailingNuls(bytes, offset, offset + length(offset));
        return end == offset || RadiusText.isClean(bytes, offset, end) ? null : Arrays.copyOfRange(bytes, offset, end);
    }

    /** String values that {@link #string} had to clean so far. */
    int cleaned() {
        return cleaned;
    }

    private String stringAt(int slot) {
        int offset = offset(slot, Kind.STRING);
        if (offset == 0) {
            return null;
        }
        int end = RadiusText.withoutTrailingNuls(bytes, offset, offset + length(offset));
        if (end == offset) {
            return null;
        }
        if (RadiusText.isClean(bytes, offset, end)) {
            return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
        }
        cleaned++;
        return RadiusText.clean(bytes, offset, end);
    }

    private InetAddress addressAt(int slot) {
        int offset = offset(slot, Kind.IPV4, Kind.IPV6);
        if (offset == 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + length(offset)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of a checked length was refused", e);
        }
    }

    /** The offset of the slot's value, 0 when absent; the kind asked for must be the attribute's. */
    private int offset(int slot, Kind kind) {
        return offset(slot, kind, kind);
    }

    /** As {@link #offset(int, Kind)}, for an attribute of either kind. */
    private int offset(int slot, Kind kind, Kind orKind) {
        Kind actual = slot < 0 ? null : SPECS[slot].kind();
        if (actual == null || (actual != kind && actual != orKind)) {
            throw new IllegalArgumentException(
                    "not an attribute of kind " + kind + " or " + orKind + " in the dictionary");
        }
        return offsets[slot];
    }

    /** A value's length: the attribute's (or sub-attribute's) Length octet, just before it, less its 2-octet header. */
    private int length(int offset) {
        return (bytes[offset - 1] & 0xFF) - 2;
    }

    private long unsigned(int offset) {
        return ((long) (bytes[offset] & 0xFF) << 24)
                | ((bytes[offset + 1] & 0xFF) << 16)
                | ((bytes[offset + 2] & 0xFF) << 8)
                | (bytes[offset + 3] & 0xFF);
    }
}
