package io.sessionkeeper.adapter.radius.codec;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import net.jradius.packet.RadiusFormat;
import net.jradius.packet.RadiusPacket;
import net.jradius.packet.attribute.RadiusAttribute;

/**
 * Packs jradius packets into octets. The authenticator field is left as 16 zero octets: callers sign the packed
 * octets with {@link Authenticators} (jradius's own signing mishandles non-ASCII secrets). jradius swallows
 * packing errors (it logs and truncates), so the result is checked against the attributes' sizes.
 */
final class JradiusPacker {
    private JradiusPacker() {}

    static byte[] pack(RadiusPacket packet) {
        RadiusDictionary.ensureLoaded();
        packet.setAuthenticator(new byte[Radius.AUTHENTICATOR_LENGTH]);
        int expected = Radius.HEADER_LENGTH;
        for (RadiusAttribute attribute : packet.getAttributes().getAttributeList()) {
            expected += RadiusFormat.getInstance().headerLength(attribute)
                    + attribute.getValue().getLength();
        }
        if (expected > Radius.MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("packet of " + expected + " octets exceeds 4096");
        }
        // Exactly the packet's size: the answer to every accounting packet is packed here, and a 4,096-octet buffer
        // and its copy were 4.3 KB of garbage per answer (JMH, PacketBenchmark.encodeResponse: 4,360 B/op).
        ByteBuffer buffer = ByteBuffer.allocate(expected);
        try {
            RadiusFormat.getInstance().packPacket(packet, null, buffer, true);
        } catch (IOException | BufferOverflowException e) {
            throw new IllegalStateException(
                    "jradius could not pack a " + Radius.codeName(packet.getCode()) + " into the " + expected
                            + " octets of its attributes",
                    e);
        }
        int length = buffer.position();
        if (length != expected) {
            throw new IllegalStateException("jradius packed " + length + " octets of a "
                    + Radius.codeName(packet.getCode()) + ", expected " + expected);
        }
        return buffer.array();
    }

    /** A string attribute from its UTF-8 octets (jradius would use the platform charset). */
    static <A extends RadiusAttribute> A utf8(A attribute, String value) {
        return checkedOctets(attribute, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A string attribute from its octets as they are, which must fit an attribute: 1-253 of them. */
    static <A extends RadiusAttribute> A checkedOctets(A attribute, byte[] octets) {
        if (octets.length == 0 || octets.length > Radius.MAX_ATTRIBUTE_VALUE_LENGTH) {
            throw new IllegalArgumentException(
                    attribute.getAttributeName() + " must be 1-253 octets in UTF-8, is " + octets.length);
        }
        attribute.setValue(octets.clone());
        return attribute;
    }

    static <A extends RadiusAttribute> A octets(A attribute, byte[] value) {
        attribute.setValue(value);
        return attribute;
    }
}
