package io.sessionkeeper.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.adapter.radius.codec.Radius;
import io.sessionkeeper.adapter.radius.codec.RawPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AccountingRequestWriterTest {
    private static final byte[] SECRET = Authenticators.secretBytes("sécret");
    private final SessionPlan plan = new SessionPlan("t1", 3);

    @Test
    void writesASignedWellFormedAccountingRequest() throws Exception {
        byte[] octets = new AccountingRequestWriter().write(plan, 7, 0, 42, nas(), SECRET, 0, 1_700_000_000L);

        RawPacket packet = RawPacket.parse(octets, 0, octets.length);
        assertThat(packet.code()).isEqualTo(Radius.ACCOUNTING_REQUEST);
        assertThat(packet.identifier()).isEqualTo(42);
        assertThat(Authenticators.requestAuthenticatorValid(packet, SECRET)).isTrue();
        assertThat(Authenticators.requestAuthenticatorValid(packet, Authenticators.secretBytes("other")))
                .isFalse();
        assertThat(integer(packet, Radius.ACCT_STATUS_TYPE)).isEqualTo(1);
        assertThat(new String(packet.values(Radius.ACCT_SESSION_ID).get(0), StandardCharsets.UTF_8))
                .isEqualTo("t1-00000007");
        assertThat(packet.values(Radius.NAS_IP_ADDRESS).get(0)).containsExactly(127, 0, 0, 2);
        assertThat(packet.values(Radius.ACCT_INPUT_OCTETS)).isEmpty();
    }

    @Test
    void countersBeyondFourGibibytesAreSplitIntoGigawordsAndOctets() throws Exception {
        int stop = plan.stopStep();
        byte[] octets = new AccountingRequestWriter().write(plan, 3, stop, 1, nas(), SECRET, 1200, 1_700_000_000L);
        RawPacket packet = RawPacket.parse(octets, 0, octets.length);

        long input = (integer(packet, Radius.ACCT_INPUT_GIGAWORDS) << 32) | integer(packet, Radius.ACCT_INPUT_OCTETS);
        long output =
                (integer(packet, Radius.ACCT_OUTPUT_GIGAWORDS) << 32) | integer(packet, Radius.ACCT_OUTPUT_OCTETS);
        assertThat(output).isEqualTo(SessionPlan.outputOctets(3, stop)).isGreaterThan(1L << 32);
        assertThat(input).isEqualTo(SessionPlan.inputOctets(3, stop)).isGreaterThan(1L << 32);
        assertThat(integer(packet, Radius.ACCT_STATUS_TYPE)).isEqualTo(2);
        assertThat(integer(packet, Radius.ACCT_TERMINATE_CAUSE)).isEqualTo(1);
        assertThat(integer(packet, Radius.ACCT_SESSION_TIME)).isEqualTo(1200);
        assertThat(plan.expected(3, "127.0.0.2").bytesIn()).isEqualTo(output);
        assertThat(plan.expected(3, "127.0.0.2").bytesOut()).isEqualTo(input);
    }

    @Test
    void countersGrowStepByStep() {
        for (int step = 1; step <= plan.stopStep(); step++) {
            assertThat(SessionPlan.inputOctets(9, step)).isGreaterThan(SessionPlan.inputOctets(9, step - 1));
            assertThat(SessionPlan.outputOctets(9, step)).isGreaterThan(SessionPlan.outputOctets(9, step - 1));
        }
        assertThat(plan.statusType(0)).isEqualTo(1);
        assertThat(plan.statusType(1)).isEqualTo(3);
        assertThat(plan.statusType(plan.stopStep())).isEqualTo(2);
    }

    private static long integer(RawPacket packet, int type) {
        byte[] value = packet.values(type).get(0);
        assertThat(value).hasSize(4);
        return ((value[0] & 0xFFL) << 24) | ((value[1] & 0xFFL) << 16) | ((value[2] & 0xFFL) << 8) | (value[3] & 0xFFL);
    }

    static Inet4Address nas() throws Exception {
        return (Inet4Address) InetAddress.getByName("127.0.0.2");
    }
}
