package io.sessionkeeper.adapter.radius.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.radius.codec.CoaCodec.SessionIdentity;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CoaCodecTest {
    private static final byte[] SECRET = Authenticators.secretBytes("nas-sécret");
    private final CoaCodec codec = new CoaCodec();

    private static SessionIdentity identity() throws Exception {
        return SessionIdentity.ofText(
                "jürgen", "8100001A", InetAddress.getByName("100.64.0.7"), InetAddress.getByName("10.0.0.1"));
    }

    @Test
    void aDisconnectRequestIdentifiesTheSessionWithoutServiceType() throws Exception {
        byte[] octets = codec.disconnectRequest(42, identity(), SECRET);
        RawPacket packet = RawPacket.parse(octets, 0, octets.length);

        assertThat(packet.code()).isEqualTo(Radius.DISCONNECT_REQUEST);
        assertThat(packet.identifier()).isEqualTo(42);
        assertThat(packet.attributes())
                .extracting(RawPacket.Attribute::type)
                .containsExactly(
                        Radius.USER_NAME, Radius.ACCT_SESSION_ID, Radius.FRAMED_IP_ADDRESS, Radius.NAS_IP_ADDRESS)
                .doesNotContain(Radius.SERVICE_TYPE);
        assertThat(new String(packet.values(Radius.USER_NAME).get(0), StandardCharsets.UTF_8))
                .isEqualTo("jürgen");
        assertThat(packet.values(Radius.FRAMED_IP_ADDRESS).get(0)).containsExactly(100, 64, 0, 7);
        assertThat(Authenticators.requestAuthenticatorValid(packet, SECRET)).isTrue();
    }

    @Test
    void aCoaRequestCarriesTheMikrotikRateLimit() throws Exception {
        byte[] octets = codec.rateLimitRequest(7, identity(), "10M/20M", SECRET);
        RawPacket packet = RawPacket.parse(octets, 0, octets.length);

        assertThat(packet.code()).isEqualTo(Radius.COA_REQUEST);
        RawPacket.Attribute vsa = packet.attributes().stream()
                .filter(a -> a.type() == Radius.VENDOR_SPECIFIC)
                .findFirst()
                .orElseThrow();
        assertThat(packet.vendorAttributes(vsa)).singleElement().satisfies(sub -> {
            assertThat(sub.vendor()).isEqualTo(14988);
            assertThat(sub.type()).isEqualTo(8);
        });
        assertThat(Authenticators.requestAuthenticatorValid(packet, SECRET)).isTrue();
    }

    @Test
    void absentPartsOfTheIdentityAreLeftOut() throws Exception {
        byte[] octets = codec.disconnectRequest(
                1, SessionIdentity.ofText("", "81", null, InetAddress.getByName("::1")), SECRET);
        RawPacket packet = RawPacket.parse(octets, 0, octets.length);

        assertThat(packet.attributes())
                .extracting(RawPacket.Attribute::type)
                .containsExactly(Radius.ACCT_SESSION_ID, Radius.NAS_IPV6_ADDRESS);
    }

    @Test
    void userNameAndAcctSessionIdGoOutAsTheOctetsGivenEvenWhenTheyAreNoText() throws Exception {
        byte[] username = {'a', 'l', 'i', 0, 'c', 'e', (byte) 0xFF, 'x'};
        byte[] acctSessionId = {'S', 1, (byte) 0xC3};
        byte[] octets = codec.disconnectRequest(3, new SessionIdentity(username, acctSessionId, null, null), SECRET);
        RawPacket packet = RawPacket.parse(octets, 0, octets.length);

        assertThat(packet.values(Radius.USER_NAME)).singleElement().isEqualTo(username);
        assertThat(packet.values(Radius.ACCT_SESSION_ID)).singleElement().isEqualTo(acctSessionId);
        assertThat(Authenticators.requestAuthenticatorValid(packet, SECRET)).isTrue();
    }

    @Test
    void aUserNameLongerThan253OctetsCannotBeEncoded() {
        SessionIdentity tooLong = SessionIdentity.ofText("ü".repeat(127), "81", null, null);

        assertThatThrownBy(() -> codec.disconnectRequest(1, tooLong, SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("253");
    }

    @Test
    void readsTheErrorCauseOfANakAndChecksItsAuthenticator() throws Exception {
        byte[] request = codec.disconnectRequest(9, identity(), SECRET);
        byte[] nak =
                TestPacket.ofCode(Radius.DISCONNECT_NAK, 9).integer(101, 503).sign("unused");
        System.arraycopy(request, 4, nak, 4, 16);
        byte[] authenticator =
                Authenticators.responseAuthenticator(nak, nak.length, requestAuthenticator(request), SECRET);
        System.arraycopy(authenticator, 0, nak, 4, 16);
        RawPacket reply = RawPacket.parse(nak, 0, nak.length);

        assertThat(Authenticators.responseAuthenticatorValid(reply, requestAuthenticator(request), SECRET))
                .isTrue();
        assertThat(Authenticators.responseAuthenticatorValid(
                        reply, requestAuthenticator(request), Authenticators.secretBytes("other")))
                .isFalse();
        assertThat(codec.decodeReply(reply)).isEqualTo(new CoaCodec.Reply(Radius.DISCONNECT_NAK, 503L));
        assertThat(CoaCodec.answers(Radius.DISCONNECT_REQUEST, Radius.DISCONNECT_NAK))
                .isTrue();
        assertThat(CoaCodec.answers(Radius.DISCONNECT_REQUEST, Radius.COA_ACK)).isFalse();
    }

    private static byte[] requestAuthenticator(byte[] request) {
        return Arrays.copyOfRange(request, 4, 20);
    }
}
