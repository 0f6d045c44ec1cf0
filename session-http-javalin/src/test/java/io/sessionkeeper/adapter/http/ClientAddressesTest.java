package io.sessionkeeper.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.InvalidValueException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request is counted against, and which proxies may say so. */
class ClientAddressesTest {
    private final ClientAddresses untrusting = new ClientAddresses(TrustedProxies.NONE);
    private final ClientAddresses behindProxies =
            new ClientAddresses(TrustedProxies.parse("10.0.0.1, 192.168.0.0/16, 2001:db8:ffff::/48"));

    @Test
    void withoutTrustedProxiesThePeerIsTheClient() {
        assertThat(untrusting.of("192.0.2.10", List.of("203.0.113.5"))).isEqualTo("192.0.2.10");
    }

    @Test
    void aTrustedProxysRightMostUntrustedHopIsTheClient() {
        assertThat(behindProxies.of("10.0.0.1", List.of("198.51.100.9, 203.0.113.5, 192.168.4.4")))
                .isEqualTo("203.0.113.5");
        assertThat(behindProxies.of("10.0.0.1", List.of("198.51.100.9", "203.0.113.5")))
                .as("several header lines are one list")
                .isEqualTo("203.0.113.5");
        assertThat(behindProxies.of("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
        assertThat(behindProxies.of("10.0.0.2", List.of("203.0.113.5")))
                .as("10.0.0.2 is not trusted")
                .isEqualTo("10.0.0.2");
    }

    @Test
    void onlyTrustedHopsMeansTheLeftMostIsTheClient() {
        assertThat(behindProxies.of("10.0.0.1", List.of("192.168.1.1, 192.168.2.2")))
                .isEqualTo("192.168.1.1");
    }

    @Test
    void somethingThatIsNoAddressLeavesTheLastTrustedHop() {
        assertThat(behindProxies.of("10.0.0.1", List.of("203.0.113.5, attacker-chosen")))
                .isEqualTo("10.0.0.1");
        assertThat(behindProxies.of("10.0.0.1", List.of("unknown, 192.168.3.3")))
                .isEqualTo("192.168.3.3");
        assertThat(behindProxies.of("10.0.0.1", List.of("example.com"))).isEqualTo("10.0.0.1");
    }

    @Test
    void portsAndBracketsAsProxiesWriteThem() {
        assertThat(behindProxies.of("10.0.0.1", List.of("203.0.113.5:4711"))).isEqualTo("203.0.113.5");
        assertThat(behindProxies.of("10.0.0.1", List.of("[2001:db8:1:2:3:4:5:6]:443")))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void ipv6ClientsCountByTheirSlash64() {
        assertThat(untrusting.of("2001:db8:1:2::1", List.of()))
                .isEqualTo(untrusting.of("2001:db8:1:2:ffff::9", List.of()));
        assertThat(untrusting.of("2001:db8:1:2::1", List.of()))
                .isNotEqualTo(untrusting.of("2001:db8:1:3::1", List.of()));
        assertThat(behindProxies.of("2001:db8:ffff:1::7", List.of("203.0.113.5")))
                .isEqualTo("203.0.113.5");
        assertThat(untrusting.of("[::1]", List.of())).isEqualTo("0:0:0:0:0:0:0:0/64");
    }

    @Test
    void trustedProxiesAreAddressesOrCidrBlocks() {
        TrustedProxies proxies = TrustedProxies.parse(" 10.0.0.0/8 ,, 127.0.0.1,::1/128 ");
        assertThat(proxies.toString()).isEqualTo("10.0.0.0/8,127.0.0.1,::1/128");
        assertThat(TrustedProxies.parse(" ")).isSameAs(TrustedProxies.NONE);
        assertThat(TrustedProxies.parse("192.168.1.77/25").contains(ClientAddresses.address("192.168.1.1")))
                .isTrue();
        assertThat(TrustedProxies.parse("192.168.1.77/25").contains(ClientAddresses.address("192.168.1.200")))
                .isFalse();
        assertThat(TrustedProxies.parse("0.0.0.0/0").contains(ClientAddresses.address("2001:db8::1")))
                .isFalse();
        for (String bad : List.of("proxy.example", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::1/129", "1.2.3")) {
            assertThatThrownBy(() -> TrustedProxies.parse(bad)).as(bad).isInstanceOf(InvalidValueException.class);
        }
    }
}
