package io.sessionkeeper.adapter.radius.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.radius.testing.TestPacket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RawPacketTest {
    private static final byte[] VALID = TestPacket.start(7, "8100001A", "alice").sign("s3cret");

    @Test
    void indexesTheAttributesOfAWellFormedPacket() throws Exception {
        RawPacket packet = RawPacket.parse(VALID, 0, VALID.length);

        assertThat(packet.code()).isEqualTo(4);
        assertThat(packet.identifier()).isEqualTo(7);
        assertThat(packet.length()).isEqualTo(VALID.length);
        assertThat(packet.attributes()).extracting(RawPacket.Attribute::type).containsExactly(40, 44, 1, 7, 31);
        assertThat(new String(packet.values(1).get(0))).isEqualTo("alice");
    }

    @Test
    void octetsAfterTheLengthFieldArePaddingAndIgnored() throws Exception {
        byte[] padded = Arrays.copyOf(VALID, VALID.length + 11);

        RawPacket packet = RawPacket.parse(padded, 0, padded.length);

        assertThat(packet.length()).isEqualTo(VALID.length);
        assertThat(packet.attributes()).hasSize(5);
    }

    @Test
    void aDatagramShorterThanTheHeaderIsMalformed() {
        assertThatThrownBy(() -> RawPacket.parse(VALID, 0, 19))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("shorter than a RADIUS header");
    }

    @Test
    void aLengthFieldLargerThanTheDatagramIsMalformed() {
        assertThatThrownBy(() -> RawPacket.parse(VALID, 0, VALID.length - 1))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("larger than the datagram");
    }

    @Test
    void aLengthFieldOutside20To4096IsMalformed() {
        byte[] small = VALID.clone();
        small[2] = 0;
        small[3] = 19;
        byte[] large = new byte[5000];
        System.arraycopy(VALID, 0, large, 0, VALID.length);
        large[2] = (byte) (4097 >>> 8);
        large[3] = (byte) 4097;

        assertThatThrownBy(() -> RawPacket.parse(small, 0, small.length)).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> RawPacket.parse(large, 0, large.length)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void attributeLengthsMustTileThePacket() {
        byte[] zeroLength = VALID.clone();
        zeroLength[21] = 0;
        byte[] oneLength = VALID.clone();
        oneLength[21] = 1;
        byte[] overrun = VALID.clone();
        overrun[21] = (byte) 200;
        byte[] dangling = Arrays.copyOf(VALID, VALID.length + 1);
        dangling[3] = (byte) (VALID.length + 1);

        for (byte[] bad : new byte[][] {zeroLength, oneLength, overrun, dangling}) {
            assertThatThrownBy(() -> RawPacket.parse(bad, 0, bad.length)).isInstanceOf(MalformedPacketException.class);
        }
    }

    @Test
    void vendorSubAttributesAreReadOnlyWhenTheyTileTheVendorAttribute() throws Exception {
        byte[] good = TestPacket.accountingRequest(1)
                .vendor(14988, 8, "10M/20M".getBytes())
                .sign("x");
        byte[] broken = good.clone();
        broken[20 + 2 + 4 + 1] = 3;

        RawPacket packet = RawPacket.parse(good, 0, good.length);
        RawPacket brokenPacket = RawPacket.parse(broken, 0, broken.length);

        assertThat(packet.vendorAttributes(packet.attributes().get(0)))
                .singleElement()
                .satisfies(vsa -> {
                    assertThat(vsa.vendor()).isEqualTo(14988);
                    assertThat(vsa.type()).isEqualTo(8);
                    assertThat(vsa.valueLength()).isEqualTo(7);
                });
        assertThat(brokenPacket.vendorAttributes(brokenPacket.attributes().get(0)))
                .isEmpty();
    }
}
