package io.sessionkeeper.adapter.radius.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A datagram whose RADIUS structure has been checked, before any library looks at it: header length against the
 * datagram, attribute TLVs tiling the packet exactly (RFC 2865 §3 and §5). Octets after the Length field are
 * padding and dropped (RFC 2865 §3). Holds the exact bytes the authenticators are computed over.
 */
public final class RawPacket {
    /** A top-level attribute: its type and where its value lies in {@link #bytes()}. */
    public record Attribute(int type, int valueOffset, int valueLength) {}

    /** A sub-attribute of a Vendor-Specific attribute in the RFC 2865 §5.26 recommended format. */
    public record VendorAttribute(long vendor, int type, int valueOffset, int valueLength) {}

    private final byte[] bytes;
    private final List<Attribute> attributes;

    private RawPacket(byte[] bytes, List<Attribute> attributes) {
        this.bytes = bytes;
        this.attributes = attributes;
    }

    /**
     * Checks and indexes {@code length} octets of {@code datagram} from {@code offset}.
     *
     * @throws MalformedPacketException when the packet must be silently discarded
     */
    public static RawPacket parse(byte[] datagram, int offset, int length) throws MalformedPacketException {
        if (length < Radius.HEADER_LENGTH) {
            throw new MalformedPacketException("datagram of " + length + " octets is shorter than a RADIUS header");
        }
        int declared = ((datagram[offset + 2] & 0xFF) << 8) | (datagram[offset + 3] & 0xFF);
        if (declared < Radius.HEADER_LENGTH || declared > Radius.MAX_PACKET_LENGTH) {
            throw new MalformedPacketException("Length field " + declared + " is outside 20-4096");
        }
        if (declared > length) {
            throw new MalformedPacketException(
                    "Length field " + declared + " is larger than the datagram (" + length + " octets)");
        }
        byte[] bytes = Arrays.copyOfRange(datagram, offset, offset + declared);
        List<Attribute> attributes = new ArrayList<>(16);
        int position = Radius.HEADER_LENGTH;
        while (position < declared) {
            if (declared - position < 2) {
                throw new MalformedPacketException("truncated attribute header at offset " + position);
            }
            int type = bytes[position] & 0xFF;
            int attributeLength = bytes[position + 1] & 0xFF;
            if (attributeLength < 2) {
                throw new MalformedPacketException(
                        "attribute " + type + " at offset " + position + " has length " + attributeLength);
            }
            if (position + attributeLength > declared) {
                throw new MalformedPacketException(
                        "attribute " + type + " at offset " + position + " overruns the packet");
            }
            attributes.add(new Attribute(type, position + 2, attributeLength - 2));
            position += attributeLength;
        }
        return new RawPacket(bytes, Collections.unmodifiableList(attributes));
    }

    public int code() {
        return bytes[0] & 0xFF;
    }

    public int identifier() {
        return bytes[1] & 0xFF;
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the 16-octet authenticator field. */
    public byte[] authenticator() {
        return Arrays.copyOfRange(
                bytes, Radius.AUTHENTICATOR_OFFSET, Radius.AUTHENTICATOR_OFFSET + Radius.AUTHENTICATOR_LENGTH);
    }

    /** The packet's octets up to its Length field. Not a copy: do not modify. */
    byte[] bytes() {
        return bytes;
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    /** A copy of an attribute's value. */
    public byte[] value(Attribute attribute) {
        return Arrays.copyOfRange(bytes, attribute.valueOffset(), attribute.valueOffset() + attribute.valueLength());
    }

    /** The values of every attribute of {@code type}, in packet order. */
    public List<byte[]> values(int type) {
        List<byte[]> values = new ArrayList<>(2);
        for (Attribute attribute : attributes) {
            if (attribute.type() == type) {
                values.add(value(attribute));
            }
        }
        return values;
    }

    /**
     * The sub-attributes of a Vendor-Specific attribute laid out as RFC 2865 §5.26 recommends (vendor id, then
     * one or more of type, length, value); empty when it is not such an attribute or its sub-attributes do not
     * tile it exactly.
     */
    public List<VendorAttribute> vendorAttributes(Attribute attribute) {
        if (attribute.type() != Radius.VENDOR_SPECIFIC || attribute.valueLength() < 6) {
            return List.of();
        }
        int start = attribute.valueOffset();
        int end = start + attribute.valueLength();
        long vendor = ((long) (bytes[start] & 0xFF) << 24)
                | ((bytes[start + 1] & 0xFF) << 16)
                | ((bytes[start + 2] & 0xFF) << 8)
                | (bytes[start + 3] & 0xFF);
        List<VendorAttribute> result = new ArrayList<>(1);
        int position = start + 4;
        while (position < end) {
            if (end - position < 2) {
                return List.of();
            }
            int type = bytes[position] & 0xFF;
            int length = bytes[position + 1] & 0xFF;
            if (length < 2 || position + length > end) {
                return List.of();
            }
            result.add(new VendorAttribute(vendor, type, position + 2, length - 2));
            position += length;
        }
        return result;
    }
}
