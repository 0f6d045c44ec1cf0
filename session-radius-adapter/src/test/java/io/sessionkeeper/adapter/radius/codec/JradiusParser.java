package io.sessionkeeper.adapter.radius.codec;

import io.sessionkeeper.adapter.radius.codec.RadiusDictionary.Spec;
import io.sessionkeeper.adapter.radius.codec.RawPacket.Attribute;
import io.sessionkeeper.adapter.radius.codec.RawPacket.VendorAttribute;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jradius.exception.RadiusException;
import net.jradius.packet.PacketFactory;
import net.jradius.packet.RadiusPacket;
import net.jradius.packet.attribute.RadiusAttribute;

/**
 * The decoding of accounting values before ADR 0053, kept as the test oracle of {@link AttributeValues}: hands a
 * checked packet to jradius and reads typed values back. jradius only ever sees a packet assembled here
 * from the attributes of {@link RadiusDictionary} whose values have a valid length: attributes it does not know
 * would be logged per packet, vendor attributes in unusual layouts are misparsed, and values of the wrong size
 * throw deep inside it (or print stack traces). Attributes left out for a bad length are counted; the packet
 * itself stays good (an "invalid attribute", RFC 6929 §2.8). Proxy-State is opaque and read from the raw packet.
 * The IPv6 address and prefixes a NAS gave a subscriber are read from the raw packet too ({@link Ipv6Attributes}),
 * with the same rule for an invalid one: left out and counted.
 */
final class JradiusParser {

    /** jradius's view of a packet: the first instance of each known attribute, by jradius type. */
    static final class Parsed {
        private final RadiusPacket packet;
        private final Map<Long, RadiusAttribute> first;
        private final int skipped;
        private final Ipv6Assignment ipv6;
        private int cleaned;

        private Parsed(RadiusPacket packet, Map<Long, RadiusAttribute> first, int skipped, Ipv6Assignment ipv6) {
            this.packet = packet;
            this.first = first;
            this.skipped = skipped;
            this.ipv6 = ipv6;
        }

        /** Framed-IPv6-Address, Framed-IPv6-Prefix and Delegated-IPv6-Prefix, the first valid instance of each. */
        Ipv6Assignment ipv6() {
            return ipv6;
        }

        RadiusPacket packet() {
            return packet;
        }

        int skipped() {
            return skipped;
        }

        Long integer(long type) {
            Serializable value = object(type);
            if (value == null) {
                return null;
            }
            if (value instanceof Number number) {
                return number.longValue() & 0xFFFFFFFFL;
            }
            throw new IllegalArgumentException("attribute " + type + " is not an integer: " + value.getClass());
        }

        /**
         * Strings are decoded from the octets as UTF-8 (RFC 2865 §5), never with the platform charset, and cleaned
         * for storage and display by {@link RadiusText}'s rule; each value cleaning changed is counted.
         */
        String string(long type) {
            byte[] octets = octets(type);
            if (octets == null) {
                return null;
            }
            int length = RadiusText.withoutTrailingNuls(octets, 0, octets.length);
            if (length == 0) {
                return null;
            }
            if (RadiusText.isClean(octets, 0, length)) {
                return new String(octets, 0, length, StandardCharsets.UTF_8);
            }
            cleaned++;
            return RadiusText.clean(octets, 0, length);
        }

        /**
         * The octets of a string attribute as sent (trailing NUL padding dropped) when {@link #string} had to clean
         * them, else null: what a Disconnect/CoA request must carry to name the value as the NAS knows it.
         */
        byte[] octetsIfCleaned(long type) {
            byte[] octets = octets(type);
            if (octets == null) {
                return null;
            }
            int length = RadiusText.withoutTrailingNuls(octets, 0, octets.length);
            return length == 0 || RadiusText.isClean(octets, 0, length) ? null : Arrays.copyOf(octets, length);
        }

        /** String values that {@link #string} had to clean so far. */
        int cleaned() {
            return cleaned;
        }

        private byte[] octets(long type) {
            RadiusAttribute attribute = first.get(type);
            return attribute == null ? null : attribute.getValue().getBytes();
        }

        InetAddress address(long type) {
            Serializable value = object(type);
            if (value == null) {
                return null;
            }
            if (value instanceof InetAddress address) {
                return address;
            }
            throw new IllegalArgumentException("attribute " + type + " is not an address: " + value.getClass());
        }

        /** Seconds since the epoch. */
        Long timestamp(long type) {
            Serializable value = object(type);
            if (value == null) {
                return null;
            }
            if (value instanceof Date date) {
                return Math.floorDiv(date.getTime(), 1000L);
            }
            if (value instanceof Number number) {
                return number.longValue() & 0xFFFFFFFFL;
            }
            throw new IllegalArgumentException("attribute " + type + " is not a time: " + value.getClass());
        }

        private Serializable object(long type) {
            RadiusAttribute attribute = first.get(type);
            return attribute == null ? null : attribute.getValue().getValueObject();
        }
    }

    private JradiusParser() {}

    static long vendorType(long vendor, int type) {
        return (vendor << 16) | type;
    }

    static Parsed parse(RawPacket packet) throws MalformedPacketException {
        RadiusDictionary.ensureLoaded();
        ByteArrayOutputStream known = new ByteArrayOutputStream(packet.length());
        int forwarded = 0;
        int skipped = 0;
        Ipv6Attributes ipv6 = new Ipv6Attributes();
        for (Attribute attribute : packet.attributes()) {
            if (Ipv6Attributes.reads(attribute.type())) {
                if (!ipv6.read(attribute.type(), packet.bytes(), attribute.valueOffset(), attribute.valueLength())) {
                    skipped++;
                }
            } else if (attribute.type() == Radius.VENDOR_SPECIFIC) {
                List<VendorAttribute> parts = packet.vendorAttributes(attribute);
                if (parts.isEmpty()) {
                    skipped++;
                }
                for (VendorAttribute part : parts) {
                    Optional<Spec> spec = known(RadiusDictionary.mikrotikSpecs(), part.vendor(), part.type());
                    if (spec.isEmpty()) {
                        continue;
                    }
                    if (!spec.get().kind().validLength(part.valueLength())) {
                        skipped++;
                        continue;
                    }
                    writeVendorAttribute(known, packet, part);
                    forwarded++;
                }
            } else if (attribute.type() != Radius.PROXY_STATE) {
                Optional<Spec> spec = known(RadiusDictionary.standardSpecs(), 0, attribute.type());
                if (spec.isEmpty()) {
                    continue;
                }
                if (!spec.get().kind().validLength(attribute.valueLength())) {
                    skipped++;
                    continue;
                }
                known.write(attribute.type());
                known.write(attribute.valueLength() + 2);
                known.write(packet.bytes(), attribute.valueOffset(), attribute.valueLength());
                forwarded++;
            }
        }
        RadiusPacket parsed = parseWithJradius(packet, known.toByteArray());
        List<RadiusAttribute> attributes = parsed.getAttributes().getAttributeList();
        if (attributes.size() != forwarded) {
            throw new MalformedPacketException(
                    "jradius decoded " + attributes.size() + " attributes out of " + forwarded);
        }
        Map<Long, RadiusAttribute> first = new HashMap<>();
        for (RadiusAttribute attribute : attributes) {
            first.putIfAbsent(attribute.getFormattedType(), attribute);
        }
        return new Parsed(parsed, first, skipped, ipv6.assignment());
    }

    private static Optional<Spec> known(List<Spec> specs, long vendor, int type) {
        return specs.stream()
                .filter(spec -> spec.vendor() == vendor && spec.type() == type)
                .findFirst();
    }

    private static RadiusPacket parseWithJradius(RawPacket packet, byte[] attributes) throws MalformedPacketException {
        int length = Radius.HEADER_LENGTH + attributes.length;
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.put(packet.bytes(), 0, 2);
        buffer.putShort((short) length);
        buffer.put(packet.bytes(), Radius.AUTHENTICATOR_OFFSET, Radius.AUTHENTICATOR_LENGTH);
        buffer.put(attributes);
        buffer.flip();
        try {
            RadiusPacket parsed = PacketFactory.parseUDP(buffer, false);
            if (parsed == null || parsed.getCode() != packet.code()) {
                throw new MalformedPacketException("jradius did not read a " + Radius.codeName(packet.code()));
            }
            return parsed;
        } catch (RadiusException | IOException | RuntimeException e) {
            throw new MalformedPacketException("jradius could not parse the packet: " + e, e);
        }
    }

    private static void writeVendorAttribute(ByteArrayOutputStream out, RawPacket packet, VendorAttribute part) {
        long vendor = part.vendor();
        out.write(Radius.VENDOR_SPECIFIC);
        out.write(part.valueLength() + 8);
        out.write((int) (vendor >>> 24) & 0xFF);
        out.write((int) (vendor >>> 16) & 0xFF);
        out.write((int) (vendor >>> 8) & 0xFF);
        out.write((int) vendor & 0xFF);
        out.write(part.type());
        out.write(part.valueLength() + 2);
        out.write(packet.bytes(), part.valueOffset(), part.valueLength());
    }
}
