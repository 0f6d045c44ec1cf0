package io.sessionkeeper.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "AA:BB:CC:DD:EE:FF",
                "aa:bb:cc:dd:ee:ff",
                "aa-bb-cc-dd-ee-ff",
                "aabb.ccdd.eeff",
                "aabb-ccdd-eeff",
                "AABBCCDDEEFF",
                " aa:bb:cc:dd:ee:ff "
            })
    void macAddressesOfEveryVendorNormaliseToUpperCaseColons(String text) {
        assertThat(MacAddress.parse(text).value()).isEqualTo("AA:BB:CC:DD:EE:FF");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "gg:bb:cc:dd:ee:ff", "+254700000000", "a:b:c:d:e:f"
            })
    void nonMacTextIsRejected(String text) {
        assertThat(MacAddress.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void ipAddressesAreLiteralsOnly() {
        assertThat(IpAddress.parse("10.5.50.100")).hasToString("10.5.50.100");
        assertThat(IpAddress.parse("2001:db8::1").toString()).startsWith("2001:db8:");
        assertThatThrownBy(() -> IpAddress.parse("localhost")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> IpAddress.parse("10.5.50.256")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> IpAddress.parse("framedIp", "10.5.50")).hasMessageStartingWith("framedIp");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "0.1.2.3",
                "::",
                "::ffff:0.0.0.0",
                "255.255.255.255",
                "::ffff:255.255.255.255",
                "224.0.0.1",
                "239.255.255.250",
                "::ffff:224.0.0.5",
                "ff02::1",
                "ff0e::1"
            })
    void unspecifiedBroadcastAndMulticastAddressesAreNotHostAddresses(String literal) {
        assertThat(IpAddress.parse(literal).isUnicastHost()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "192.168.1.1",
                "10.0.0.255",
                "127.0.0.1",
                "127.0.0.2",
                "169.254.1.1",
                "223.255.255.254",
                "240.0.0.1",
                "::1",
                "fe80::1",
                "2001:db8::1"
            })
    void unicastLoopbackAndLinkLocalAddressesAreHostAddresses(String literal) {
        assertThat(IpAddress.parse(literal).isUnicastHost()).isTrue();
    }

    @Test
    void idsParseOnlyCanonicalUuids() {
        assertThat(SessionId.parse("3f2b8c1e-0000-4000-8000-000000000001").value())
                .isNotNull();
        assertThatThrownBy(() -> SessionId.parse("8100001A"))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("id");
        assertThatThrownBy(() -> NasId.parse("1-1-1-1-1")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void customerContactDetailsAreChecked() {
        TenantId tenant = TenantId.of("acme");
        assertThat(new Customer(CustomerId.random(), tenant, "a", "A", "+254 (700) 000-000", "a.b@example.co.ke", null)
                        .phone())
                .isEqualTo("+254 (700) 000-000");
        assertThatThrownBy(() -> new Customer(CustomerId.random(), tenant, "a", "A", "call me", null, null))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("phone");
        assertThatThrownBy(() -> new Customer(CustomerId.random(), tenant, "a", "A", null, "not-an-address", null))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("email");
        assertThatThrownBy(() -> new Customer(CustomerId.random(), tenant, "a", "A", "1".repeat(33), null, null))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void tenantIdsAreSlugs() {
        assertThat(TenantId.of("isp-01_a").value()).isEqualTo("isp-01_a");
        assertThatThrownBy(() -> TenantId.of("Upper")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> TenantId.of("")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> TenantId.of("-x")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void sessionKeyDependsOnNasAndSessionAttributes() {
        NasId nas = NasId.random();
        assertThat(SessionKey.derive(nas, "u", "A", "ether1", 1L))
                .isEqualTo(SessionKey.derive(nas, "u", "A", "ether1", 1L));
        assertThat(SessionKey.derive(nas, "u", "A", null, null))
                .isNotEqualTo(SessionKey.derive(NasId.random(), "u", "A", null, null));
        assertThat(SessionKey.derive(nas, "u", "A", null, null))
                .isNotEqualTo(SessionKey.derive(nas, "u", "B", null, null));
        assertThat(SessionKey.derive(nas, "ua", "", null, null))
                .isNotEqualTo(SessionKey.derive(nas, "u", "a", null, null));
    }

    @Test
    void terminateCausesKeepRfcNamesAndTheirOrigin() {
        assertThat(TerminateCause.fromRadius(1).name()).isEqualTo("User-Request");
        assertThat(TerminateCause.fromRadius(11).name()).isEqualTo("NAS-Reboot");
        assertThat(TerminateCause.fromRadius(18).name()).isEqualTo("Host-Request");
        assertThat(TerminateCause.fromRadius(99).name()).isEqualTo("Unknown-Cause-99");
        assertThat(TerminateCause.fromRadius(11)).isNotEqualTo(TerminateCause.NAS_REBOOT);
        assertThat(TerminateCause.ADMIN_TERMINATE.origin()).isEqualTo(TerminateCause.Origin.SERVICE);
    }

    @Test
    void statusTypesMapFromRadiusCodes() {
        assertThat(AcctStatusType.fromCode(1)).isEqualTo(AcctStatusType.START);
        assertThat(AcctStatusType.fromCode(3)).isEqualTo(AcctStatusType.INTERIM_UPDATE);
        assertThat(AcctStatusType.fromCode(7)).isEqualTo(AcctStatusType.ACCOUNTING_ON);
        assertThat(AcctStatusType.fromCode(9)).isEqualTo(AcctStatusType.OTHER);
        assertThat(AcctStatusType.fromCode(0)).isEqualTo(AcctStatusType.OTHER);
    }

    @Test
    void sessionInvariantsHold() {
        Nas nas = Fixtures.nas("N", "192.0.2.1");
        Instant t0 = Fixtures.T0;
        assertThatThrownBy(() -> Fixtures.session(nas)
                        .start(t0)
                        .lastUpdate(t0)
                        .stopped(t0.minusSeconds(1), null)
                        .build())
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("stopTime");
        assertThatThrownBy(() -> Fixtures.session(nas)
                        .start(t0)
                        .lastUpdate(t0.minusSeconds(1))
                        .build())
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new Usage(-1, 0, 0, 0)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "0,0s,0s",
        "45,45s,45s",
        "60,1m,1m 0s",
        "13500,3h 45m,3h 45m 0s",
        "13530,3h 45m,3h 45m 30s",
        "86400,1d 0h 0m,1d 0h 0m 0s",
        "183930,2d 3h 5m,2d 3h 5m 30s",
        "-5,0s,0s"
    })
    void durationsFormatForListAndDetail(long seconds, String brief, String detailed) {
        assertThat(DurationFormat.brief(seconds)).isEqualTo(brief);
        assertThat(DurationFormat.detailed(seconds)).isEqualTo(detailed);
    }

    @ParameterizedTest
    @CsvSource({
        "0,0 B",
        "1023,1023 B",
        "1024,1 KB",
        "1536,1.5 KB",
        "3221225472,3 GB",
        "3145728000,2.93 GB",
        "1099511627776,1 TB"
    })
    void byteCountsFormatInBinaryMultiples(long bytes, String expected) {
        assertThat(ByteFormat.human(bytes)).isEqualTo(expected);
    }

    /** Keys derived with one digest per thread are the JDK's name-based UUIDs: stored keys stay what they were. */
    @Test
    void sessionKeysAreTheJdksNameBasedUuids() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            byte[] name = new byte[random.nextInt(200)];
            for (int j = 0; j < name.length; j++) {
                name[j] = (byte) random.nextInt(256);
            }
            assertThat(SessionKey.nameUuid(name)).isEqualTo(java.util.UUID.nameUUIDFromBytes(name));
        }
        NasId nas = new NasId(java.util.UUID.fromString("6f1c2a9e-0000-4000-8000-000000000001"));
        assertThat(SessionKey.derive(nas, "alice", "81000001", "ether1", 7L).value())
                .isEqualTo(
                        java.util.UUID.nameUUIDFromBytes((nas.value() + "\u0000alice\u000081000001\u0000ether1\u00007")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The dotted-quad fast path of IpAddress gives what the JDK's parser gives, and refuses what it refuses. */
    @Test
    void ipv4LiteralsParseAsTheJdkParsesThem() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<String> literals = new ArrayList<>(
                List.of("0.0.0.0", "255.255.255.255", "1.2.3.4", "10.5.50.100", "100.64.12.7", "192.168.1.254"));
        for (int i = 0; i < 20_000; i++) {
            literals.add(random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(256));
        }
        for (String literal : literals) {
            assertThat(IpAddress.parse(literal).address())
                    .as(literal)
                    .isEqualTo(java.net.InetAddress.getByName(literal));
        }
        for (String bad : List.of(
                "1.2.3",
                "1.2.3.4.5",
                "1..2.3",
                ".1.2.3",
                "1.2.3.",
                "256.1.1.1",
                "1.2.3.1000",
                "1.2.3.-1",
                "1.2.3.4 ",
                " 1.2.3.4",
                "1.2.3.a",
                "1,2,3,4",
                "1.2.3.4/24",
                "١.٢.٣.٤")) {
            assertThatThrownBy(() -> IpAddress.parse(bad)).as(bad).isInstanceOf(InvalidValueException.class);
        }
    }

    @Test
    void aMacInTheNormalisedFormIsTakenAsItIsAndOnlyThatFormIsAValue() {
        assertThat(MacAddress.parse("AA:BB:CC:DD:EE:0F").value()).isEqualTo("AA:BB:CC:DD:EE:0F");
        assertThat(MacAddress.parse("aa:bb:cc:dd:ee:0f").value()).isEqualTo("AA:BB:CC:DD:EE:0F");
        assertThat(MacAddress.parse("aA:Bb:cc:DD:e9:0f").value()).isEqualTo("AA:BB:CC:DD:E9:0F");
        assertThat(MacAddress.tryParse("aa:bb:cc:dd:ee:0g")).isEmpty();
        for (String notNormalised : List.of(
                "aa:bb:cc:dd:ee:ff",
                "AA-BB-CC-DD-EE-FF",
                "AA:BB:CC:DD:EE:FG",
                "AABBCCDDEEFF",
                "AA:BB:CC:DD:EE:F",
                "AA:BB:CC:DD:EE:FFF",
                "AA:BB:CC:DD:EEFF:")) {
            assertThatThrownBy(() -> new MacAddress(notNormalised))
                    .as(notNormalised)
                    .isInstanceOf(InvalidValueException.class);
        }
    }

    /** The integer arithmetic of ByteFormat against the decimal rule it implements, at every unit and its edges. */
    @Test
    void byteCountsAreTheDecimalRuleRoundedHalfUpAtEveryUnit() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 1023L, 1024L, 1025L, Long.MAX_VALUE, Long.MAX_VALUE - 1));
        for (int unit = 1; unit <= 6; unit++) {
            long size = 1L << (10 * unit);
            for (long edge : new long[] {size - 1, size, size + 1, size * 5 / 1000, size / 200, size / 200 - 1}) {
                values.add(edge);
                values.add(edge + size);
                values.add(Math.multiplyExact(edge + 1, 3));
            }
            // just below and at the half-hundredth (x.xx5): where rounding half up decides
            for (int k = 1; k < 200; k += 2) {
                long half = java.math.BigInteger.valueOf(size)
                        .multiply(java.math.BigInteger.valueOf(k))
                        .divide(java.math.BigInteger.valueOf(200))
                        .longValueExact();
                values.add(size + half - 1);
                values.add(size + half);
                values.add(size + half + 1);
            }
        }
        for (int i = 0; i < 200_000; i++) {
            values.add(random.nextLong(Long.MAX_VALUE) >>> random.nextInt(63));
        }
        for (long bytes : values) {
            assertThat(ByteFormat.human(bytes)).as("%d", bytes).isEqualTo(decimalRule(bytes));
        }
    }

    private static String decimalRule(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        int unit = 0;
        long divisor = 1;
        while (unit < units.length - 1 && bytes / divisor >= 1024) {
            divisor *= 1024;
            unit++;
        }
        return java.math.BigDecimal.valueOf(bytes)
                        .divide(java.math.BigDecimal.valueOf(divisor), 2, java.math.RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString()
                + " " + units[unit];
    }

    @Test
    void octetsAreCopiedComparedByContentAndShownAsHex() {
        byte[] sent = {'a', 0, (byte) 0xFF};
        Octets octets = Octets.of(sent);
        sent[0] = 'b';

        assertThat(octets.toByteArray()).containsExactly('a', 0, 0xFF);
        octets.toByteArray()[1] = 7;
        assertThat(octets.toByteArray()).containsExactly('a', 0, 0xFF);
        assertThat(octets).isEqualTo(Octets.of(new byte[] {'a', 0, (byte) 0xFF}));
        assertThat(octets).hasSameHashCodeAs(Octets.of(new byte[] {'a', 0, (byte) 0xFF}));
        assertThat(octets).hasToString("0x6100ff");
        assertThatThrownBy(() -> Octets.of(new byte[0])).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Octets.of(new byte[254])).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new OriginalOctets(null, null)).isInstanceOf(InvalidValueException.class);
        assertThat(OriginalOctets.ofNullable(null, null)).isNull();
    }
}
