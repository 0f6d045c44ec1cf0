package io.sessionkeeper.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv6PrefixTest {
    @Test
    void aPrefixContainsTheAddressesOfItsFirstBitsAndNoOthers() {
        Ipv6Prefix p = Ipv6Prefix.parse("prefix", "2001:db8:1::/48");

        assertThat(p.contains(IpAddress.parse("2001:db8:1::"))).isTrue();
        assertThat(p.contains(IpAddress.parse("2001:db8:1:ffff:ffff:ffff:ffff:ffff")))
                .isTrue();
        assertThat(p.contains(IpAddress.parse("2001:db8:2::"))).isFalse();
        assertThat(p.contains(IpAddress.parse("2001:db8:0:ffff:ffff:ffff:ffff:ffff")))
                .isFalse();
        assertThat(p.contains(IpAddress.parse("10.0.0.1"))).isFalse();
    }

    @Test
    void aLengthNotAMultipleOfEightMasksInsideTheOctet() {
        Ipv6Prefix p = Ipv6Prefix.parse("prefix", "2001:db8:100::/57"); // 0x0100, next /57 starts at 0x0100:80

        assertThat(p.contains(IpAddress.parse("2001:db8:100:7f::1"))).isTrue();
        assertThat(p.contains(IpAddress.parse("2001:db8:100:80::"))).isFalse();
    }

    @Test
    void the128IsOneAddressAndTheZeroIsEveryIpv6Address() {
        Ipv6Prefix host = Ipv6Prefix.parse("prefix", "2001:db8::1/128");
        assertThat(host.contains(IpAddress.parse("2001:db8::1"))).isTrue();
        assertThat(host.contains(IpAddress.parse("2001:db8::2"))).isFalse();
        assertThat(Ipv6Prefix.parse("prefix", "::/0").contains(IpAddress.parse("ffff::1")))
                .isTrue();
    }

    @Test
    void bitsBeyondTheLengthALengthOver128AndIpv4AreRefused() {
        assertThatThrownBy(() -> Ipv6Prefix.parse("p", "2001:db8:1::1/48")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Ipv6Prefix.parse("p", "2001:db8:100:80::/56"))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Ipv6Prefix.of(new byte[16], 129)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Ipv6Prefix.parse("p", "10.0.0.0/8")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void aShortWireFieldIsPaddedWithZeros() {
        Ipv6Prefix p = Ipv6Prefix.of(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 1}, 48);

        assertThat(p).isEqualTo(Ipv6Prefix.parse("prefix", "2001:db8:1::/48"));
    }

    @Test
    void theContainingPrefixesAreTheAddressMaskedAtEveryLength() {
        IpAddress address = IpAddress.parse("2001:db8:1:2::5");
        var all = Ipv6Prefix.containing(address);

        assertThat(all).hasSize(129);
        assertThat(all.get(0)).isEqualTo(Ipv6Prefix.parse("p", "::/0"));
        assertThat(all.get(48)).isEqualTo(Ipv6Prefix.parse("p", "2001:db8:1::/48"));
        assertThat(all.get(128)).isEqualTo(Ipv6Prefix.parse("p", "2001:db8:1:2::5/128"));
        assertThat(all).allMatch(p -> p.contains(address));
    }
}
