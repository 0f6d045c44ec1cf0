package io.sessionkeeper.adapter.radius.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.codec.RadiusDictionary.Kind;
import io.sessionkeeper.adapter.radius.codec.RadiusDictionary.Spec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AttributeValues} reads every attribute of the dictionary as jradius did when it parsed a packet rebuilt from
 * the same attributes ({@link JradiusParser}, the decoding before ADR 0053): the same value, the same first instance,
 * the same attributes skipped and strings cleaned, on random packets that mix valid, invalid, repeated, unknown and
 * vendor attributes.
 */
class AttributeValuesTest {
    private static final List<Spec> STANDARD = RadiusDictionary.standardSpecs();
    private static final List<Spec> MIKROTIK = RadiusDictionary.mikrotikSpecs();

    static {
        RadiusDictionary.ensureLoaded();
    }

    @Test
    void readsEveryAttributeAsJradiusDidOnRandomPackets() throws Exception {
        Random random = new Random(20261203);
        int compared = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = randomPacket(random);
            RawPacket packet = RawPacket.parse(bytes, 0, bytes.length);
            compared += assertSameAsJradius(packet, "packet " + i);
        }
        // the packets must exercise the values, not only their absence
        assertThat(compared).isGreaterThan(25_000);
    }

    @Test
    void theFirstInstanceOfAValidLengthCountsAndTheInvalidOneBeforeItIsSkipped() throws Exception {
        RawPacket packet = packet(
                attribute(Radius.ACCT_INPUT_OCTETS, new byte[] {1, 2}),
                attribute(Radius.ACCT_INPUT_OCTETS, new byte[] {0, 0, 1, 0}),
                attribute(Radius.ACCT_INPUT_OCTETS, new byte[] {0, 0, 2, 0}),
                attribute(Radius.USER_NAME, new byte[0]),
                attribute(Radius.USER_NAME, "alice".getBytes()));
        AttributeValues values = AttributeValues.of(packet);

        assertThat(values.integer(Radius.ACCT_INPUT_OCTETS)).isEqualTo(256L);
        assertThat(values.string(Radius.USER_NAME)).isEqualTo("alice");
        assertThat(values.skipped()).isEqualTo(2);
        assertSameAsJradius(packet, "first valid");
    }

    @Test
    void integersAndTimesAreUnsigned() throws Exception {
        byte[] high = {(byte) 0xF0, 0, 0, 1};
        RawPacket packet = packet(attribute(Radius.ACCT_OUTPUT_OCTETS, high), attribute(Radius.EVENT_TIMESTAMP, high));
        AttributeValues values = AttributeValues.of(packet);

        assertThat(values.integer(Radius.ACCT_OUTPUT_OCTETS)).isEqualTo(0xF0000001L);
        assertThat(values.timestamp(Radius.EVENT_TIMESTAMP)).isEqualTo(0xF0000001L);
        assertSameAsJradius(packet, "unsigned");
    }

    @Test
    void mikrotikAttributesAreReadFromAVendorAttributeHoldingSeveral() throws Exception {
        ByteArrayOutputStream vsa = new ByteArrayOutputStream();
        vsa.writeBytes(new byte[] {0, 0, 0x3a, (byte) 0x8c}); // 14988
        vsa.writeBytes(attribute(Radius.MIKROTIK_RATE_LIMIT, "10M/20M".getBytes()));
        vsa.writeBytes(attribute(Radius.MIKROTIK_HOST_IP, new byte[] {(byte) 192, (byte) 168, 88, 10}));
        RawPacket packet = packet(attribute(Radius.VENDOR_SPECIFIC, vsa.toByteArray()));
        AttributeValues values = AttributeValues.of(packet);

        assertThat(values.mikrotikString(Radius.MIKROTIK_RATE_LIMIT)).isEqualTo("10M/20M");
        assertThat(values.mikrotikAddress(Radius.MIKROTIK_HOST_IP).getHostAddress())
                .isEqualTo("192.168.88.10");
        assertThat(values.skipped()).isZero();
        assertSameAsJradius(packet, "several sub-attributes");
    }

    /** Compares every value; returns how many were present. */
    private static int assertSameAsJradius(RawPacket packet, String what) throws MalformedPacketException {
        AttributeValues ours = AttributeValues.of(packet);
        JradiusParser.Parsed theirs = JradiusParser.parse(packet);
        int present = 0;
        for (Spec spec : STANDARD) {
            String name = what + ", " + spec.name();
            Object mine;
            Object jradius;
            switch (spec.kind()) {
                case INTEGER -> {
                    mine = ours.integer(spec.type());
                    jradius = theirs.integer(spec.type());
                }
                case DATE -> {
                    mine = ours.timestamp(spec.type());
                    jradius = theirs.timestamp(spec.type());
                }
                case IPV4, IPV6 -> {
                    mine = ours.address(spec.type());
                    jradius = theirs.address(spec.type());
                }
                case STRING -> {
                    mine = ours.string(spec.type());
                    jradius = theirs.string(spec.type());
                    assertThat(ours.octetsIfCleaned(spec.type()))
                            .as(name + " (octets)")
                            .isEqualTo(theirs.octetsIfCleaned(spec.type()));
                }
                default -> {
                    continue; // Proxy-State: read from the raw packet by the decoder
                }
            }
            assertThat(mine).as(name).isEqualTo(jradius);
            present += mine == null ? 0 : 1;
        }
        for (Spec spec : MIKROTIK) {
            long key = JradiusParser.vendorType(Radius.VENDOR_MIKROTIK, spec.type());
            Object mine =
                    spec.kind() == Kind.STRING ? ours.mikrotikString(spec.type()) : ours.mikrotikAddress(spec.type());
            Object jradius = spec.kind() == Kind.STRING ? theirs.string(key) : theirs.address(key);
            assertThat(mine).as(what + ", " + spec.name()).isEqualTo(jradius);
            present += mine == null ? 0 : 1;
        }
        assertThat(ours.cleaned()).as(what + ", cleaned").isEqualTo(theirs.cleaned());
        assertThat(ours.skipped()).as(what + ", skipped").isEqualTo(theirs.skipped());
        assertThat(ours.ipv6()).as(what + ", IPv6").isEqualTo(theirs.ipv6());
        return present;
    }

    /** 0-24 attributes: known ones of valid and invalid lengths, unknown ones, vendor attributes of every layout. */
    private static byte[] randomPacket(Random random) {
        List<byte[]> attributes = new ArrayList<>();
        int count = random.nextInt(25);
        int length = Radius.HEADER_LENGTH;
        for (int i = 0; i < count && length < Radius.MAX_PACKET_LENGTH - 255; i++) {
            int choice = random.nextInt(10);
            if (choice < 6) {
                Spec spec = STANDARD.get(random.nextInt(STANDARD.size()));
                attributes.add(attribute(spec.type(), value(random, spec.kind())));
            } else if (choice < 8) {
                attributes.add(attribute(Radius.VENDOR_SPECIFIC, vendorValue(random)));
            } else {
                int type = random.nextInt(256);
                attributes.add(
                        attribute(type == Radius.VENDOR_SPECIFIC ? 200 : type, bytes(random, random.nextInt(20))));
            }
            length += attributes.get(attributes.size() - 1).length;
        }
        return packetBytes(attributes.toArray(byte[][]::new));
    }

    private static byte[] vendorValue(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long vendor = random.nextInt(4) == 0 ? 9 : Radius.VENDOR_MIKROTIK;
        out.writeBytes(
                new byte[] {(byte) (vendor >>> 24), (byte) (vendor >>> 16), (byte) (vendor >>> 8), (byte) vendor});
        int parts = random.nextInt(4);
        for (int i = 0; i < parts; i++) {
            Spec spec = MIKROTIK.get(random.nextInt(MIKROTIK.size()));
            int type = random.nextInt(5) == 0 ? random.nextInt(256) : spec.type();
            out.writeBytes(attribute(type, value(random, spec.kind())));
        }
        if (random.nextInt(8) == 0) {
            out.write(random.nextInt(256)); // a stray octet: sub-attributes that do not tile the value
        }
        byte[] value = out.toByteArray();
        return value.length > 253 ? Arrays.copyOf(value, 253) : value;
    }

    /** Mostly a value of a valid length for {@code kind}, sometimes one of another length. */
    private static byte[] value(Random random, Kind kind) {
        if (random.nextInt(8) == 0) {
            return bytes(random, random.nextInt(8));
        }
        return switch (kind) {
            case INTEGER, DATE, IPV4 -> bytes(random, 4);
            case IPV6 -> bytes(random, 16);
            case STRING, OCTETS -> text(random);
        };
    }

    /** Printable ASCII, UTF-8, control characters, invalid UTF-8 and NUL padding, mixed. */
    private static byte[] text(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = 1 + random.nextInt(30);
        for (int i = 0; i < length; i++) {
            int choice = random.nextInt(20);
            if (choice == 0) {
                out.write(random.nextInt(256));
            } else if (choice == 1) {
                out.writeBytes("ü".getBytes(StandardCharsets.UTF_8));
            } else if (choice == 2) {
                out.write(random.nextInt(32));
            } else {
                out.write('a' + random.nextInt(26));
            }
        }
        if (random.nextInt(6) == 0) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] attribute(int type, byte[] value) {
        byte[] attribute = new byte[value.length + 2];
        attribute[0] = (byte) type;
        attribute[1] = (byte) (value.length + 2);
        System.arraycopy(value, 0, attribute, 2, value.length);
        return attribute;
    }

    private static RawPacket packet(byte[]... attributes) throws MalformedPacketException {
        byte[] bytes = packetBytes(attributes);
        return RawPacket.parse(bytes, 0, bytes.length);
    }

    private static byte[] packetBytes(byte[]... attributes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Radius.ACCOUNTING_REQUEST);
        out.write(7);
        out.write(0);
        out.write(0);
        out.writeBytes(new byte[16]);
        for (byte[] attribute : attributes) {
            out.writeBytes(attribute);
        }
        byte[] packet = out.toByteArray();
        packet[2] = (byte) (packet.length >>> 8);
        packet[3] = (byte) packet.length;
        return packet;
    }
}
