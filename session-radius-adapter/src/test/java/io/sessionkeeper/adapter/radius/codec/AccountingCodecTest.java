package io.sessionkeeper.adapter.radius.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Octets;
import io.sessionkeeper.domain.model.OriginalOctets;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountingCodecTest {
    /**
     * Captured from {@code radclient acct testing123}: Start, Acct-Session-Id "8100001A", User-Name "jürgen",
     * Calling-Station-Id, Framed-IP-Address 10.0.0.5, Acct-Input-Gigawords 2, Acct-Input-Octets 100,
     * Event-Timestamp 1700000000, Mikrotik-Rate-Limit "10M/20M", Mikrotik-Host-IP 192.168.88.10, NAS-Port 15.
     */
    static final byte[] RADCLIENT_START = HexFormat.of()
            .parseHex("04ed007938ba757da8b825b6a6c130dadeffeb142806000000012c0a383130303030314101096ac3bc7267656e"
                    + "1f1341413a42423a43433a44443a45453a464608060a0000053406000000022a060000006437066553f1001a0f"
                    + "00003a8c080931304d2f32304d1a0c00003a8c0a06c0a8580a05060000000f");

    private static final byte[] SECRET = Authenticators.secretBytes("testing123");
    private static final Nas NAS = AccountingTestBed.nas("mt-1", "127.0.0.1", "testing123", null, false);

    private final AccountingRequestDecoder decoder = new AccountingRequestDecoder();
    private final AccountingResponseEncoder encoder = new AccountingResponseEncoder();

    @Test
    void verifiesTheRequestAuthenticatorOverTheRawOctets() throws Exception {
        RawPacket packet = RawPacket.parse(RADCLIENT_START, 0, RADCLIENT_START.length);

        assertThat(Authenticators.requestAuthenticatorValid(packet, SECRET)).isTrue();
        assertThat(Authenticators.requestAuthenticatorValid(packet, Authenticators.secretBytes("testing124")))
                .isFalse();
    }

    @Test
    void anyChangedOctetBreaksTheAuthenticator() throws Exception {
        for (int i = 0; i < RADCLIENT_START.length; i++) {
            if (i == 2 || i == 3) {
                continue;
            }
            byte[] changed = RADCLIENT_START.clone();
            changed[i] ^= 0x01;
            RawPacket packet;
            try {
                packet = RawPacket.parse(changed, 0, changed.length);
            } catch (MalformedPacketException e) {
                continue; // an attribute length that no longer fits: rejected before any MD5
            }
            assertThat(Authenticators.requestAuthenticatorValid(packet, SECRET))
                    .as("octet %d flipped", i)
                    .isFalse();
        }
    }

    @Test
    void decodesWhatRadclientSent() throws Exception {
        AccountingRequestValues values = decoder.decode(RawPacket.parse(RADCLIENT_START, 0, RADCLIENT_START.length));
        AccountingEvent event = values.toEvent(NAS, Instant.parse("2023-11-14T22:13:25Z"));

        assertThat(values.identifier()).isEqualTo(0xED);
        assertThat(values.skippedAttributes()).isZero();
        assertThat(event.statusType()).isEqualTo(AcctStatusType.START);
        assertThat(event.acctSessionId()).isEqualTo("8100001A");
        assertThat(event.username()).isEqualTo("jürgen");
        assertThat(event.callingStationId()).isEqualTo("AA:BB:CC:DD:EE:FF");
        assertThat(event.framedIp()).isEqualTo(IpAddress.parse("10.0.0.5"));
        assertThat(event.counters().inputTotal()).isEqualTo(2L * (1L << 32) + 100);
        assertThat(event.eventTimestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(event.rateLimit()).isEqualTo("10M/20M");
        assertThat(event.port().hostIp()).isEqualTo(IpAddress.parse("192.168.88.10"));
        assertThat(event.nasPort()).isEqualTo(15L);
        assertThat(event.nas()).isEqualTo(NAS);
    }

    @Test
    void decodesEveryAccountingAttribute() throws Exception {
        byte[] octets = TestPacket.accountingRequest(9)
                .integer(40, 2)
                .integer(41, 7)
                .string(44, "81000002")
                .string(1, "bob")
                .string(87, "ether1-pppoe")
                .integer(5, 42)
                .address(8, "100.64.0.9")
                .string(31, "aa-bb-cc-dd-ee-01")
                .string(30, "pppoe-service")
                .integer(42, 11)
                .integer(52, 1)
                .integer(43, 22)
                .integer(53, 3)
                .integer(47, 5)
                .integer(48, 6)
                .integer(46, 3600)
                .integer(85, 300)
                .integer(49, 1)
                .integer(6, 2)
                .integer(7, 1)
                .integer(61, 15)
                .address(4, "10.9.9.9")
                .string(32, "bng-7")
                .raw(33, new byte[] {1, 2, 3})
                .string(25, "class-is-not-decoded")
                .vendor(9, 1, "cisco-avpair=ignored".getBytes(StandardCharsets.UTF_8))
                .sign("testing123");

        AccountingRequestValues values = decoder.decode(RawPacket.parse(octets, 0, octets.length));
        AccountingEvent event = values.toEvent(NAS, Instant.EPOCH);

        assertThat(event.statusType()).isEqualTo(AcctStatusType.STOP);
        assertThat(event.delaySeconds()).isEqualTo(7);
        assertThat(event.port().nasPortId()).isEqualTo("ether1-pppoe");
        assertThat(event.nasPort()).isEqualTo(42L);
        assertThat(event.port().calledStationId()).isEqualTo("pppoe-service");
        assertThat(event.counters().inputTotal()).isEqualTo((1L << 32) + 11);
        assertThat(event.counters().outputTotal()).isEqualTo((3L << 32) + 22);
        assertThat(event.counters().inputPackets()).isEqualTo(5);
        assertThat(event.counters().outputPackets()).isEqualTo(6);
        assertThat(event.sessionTime()).isEqualTo(3600L);
        assertThat(event.interimIntervalSeconds()).isEqualTo(300);
        assertThat(event.terminateCause()).isEqualTo(1);
        assertThat(event.link().serviceType()).isEqualTo(2);
        assertThat(event.link().framedProtocol()).isEqualTo(1);
        assertThat(event.link().nasPortType()).isEqualTo(15);
        assertThat(values.nasAddress()).isEqualTo(IpAddress.parse("10.9.9.9"));
        assertThat(values.nasIdentifier()).isEqualTo("bng-7");
        assertThat(values.proxyStates()).singleElement().isEqualTo(new byte[] {1, 2, 3});
    }

    @Test
    void anInterimIntervalOfZeroOrBeyondAnIntIsNoIntervalAndAnAbsentOneNone() throws Exception {
        for (long sent : new long[] {0L, 0x8000_0000L, 0xFFFF_FFFFL}) {
            byte[] octets = TestPacket.accountingRequest(4)
                    .integer(40, 3)
                    .string(44, "81000004")
                    .raw(85, new byte[] {(byte) (sent >>> 24), (byte) (sent >>> 16), (byte) (sent >>> 8), (byte) sent})
                    .sign("testing123");
            AccountingRequestValues values = decoder.decode(RawPacket.parse(octets, 0, octets.length));

            assertThat(values.interimInterval()).as("sent %d", sent).isEqualTo(sent);
            assertThat(values.toEvent(NAS, Instant.EPOCH).interimIntervalSeconds())
                    .as("sent %d", sent)
                    .isNull();
        }
        AccountingRequestValues without = decoder.decode(RawPacket.parse(RADCLIENT_START, 0, RADCLIENT_START.length));
        assertThat(without.toEvent(NAS, Instant.EPOCH).interimIntervalSeconds()).isNull();
    }

    @Test
    void knownAttributesOfTheWrongSizeAreSkippedAndCounted() throws Exception {
        byte[] octets = TestPacket.accountingRequest(3)
                .integer(40, 3)
                .string(44, "81000003")
                .raw(42, new byte[] {1, 2})
                .raw(8, new byte[] {10, 0, 0})
                .vendor(14988, 10, new byte[] {1, 2, 3, 4, 5})
                .sign("testing123");

        AccountingRequestValues values = decoder.decode(RawPacket.parse(octets, 0, octets.length));

        assertThat(values.skippedAttributes()).isEqualTo(3);
        assertThat(values.inputOctets()).isNull();
        assertThat(values.framedIp()).isNull();
        assertThat(values.hostIp()).isNull();
        assertThat(values.acctSessionId()).isEqualTo("81000003");
    }

    @Test
    void textAttributesAreCleanedCountedAndTheOriginalIdentityOctetsKept() throws Exception {
        byte[] username = {'a', 'l', 'i', 0, 'c', 'e', (byte) 0xFF, 'x'};
        byte[] acctSessionId = {'S', 0x1B, '[', '2', 'J'};
        byte[] octets = TestPacket.accountingRequest(3)
                .integer(40, 1)
                .raw(44, acctSessionId)
                .raw(1, username)
                .raw(87, new byte[] {'e', 't', 'h', '\n', '1'})
                .raw(31, new byte[] {'A', 'A', (byte) 0xC2, (byte) 0x85})
                .raw(30, "pppoe-ü".getBytes(StandardCharsets.UTF_8))
                .raw(32, new byte[] {'b', 'n', 'g', 0, 0})
                .vendor(14988, 8, new byte[] {'1', '0', 'M', 0x7F})
                .sign("testing123");

        AccountingRequestValues values = decoder.decode(RawPacket.parse(octets, 0, octets.length));
        AccountingEvent event = values.toEvent(NAS, Instant.EPOCH);

        assertThat(event.username()).isEqualTo("ali\uFFFDce\uFFFDx");
        assertThat(event.acctSessionId()).isEqualTo("S\uFFFD[2J");
        assertThat(event.port().nasPortId()).isEqualTo("eth\uFFFD1");
        assertThat(event.callingStationId()).isEqualTo("AA\uFFFD");
        assertThat(event.rateLimit()).isEqualTo("10M\uFFFD");
        assertThat(event.port().calledStationId())
                .as("clean UTF-8 stays as it is")
                .isEqualTo("pppoe-ü");
        assertThat(values.nasIdentifier())
                .as("trailing NUL padding is dropped, not cleaned")
                .isEqualTo("bng");
        assertThat(values.cleanedAttributes()).isEqualTo(5);
        assertThat(event.original()).isEqualTo(new OriginalOctets(Octets.of(username), Octets.of(acctSessionId)));
    }

    @Test
    void cleanValuesKeepNoOriginalOctets() throws Exception {
        AccountingRequestValues values = decoder.decode(RawPacket.parse(RADCLIENT_START, 0, RADCLIENT_START.length));

        assertThat(values.cleanedAttributes()).isZero();
        assertThat(values.original()).isNull();
        assertThat(values.username()).isEqualTo("jürgen");
    }

    @Test
    void aPacketWithoutStatusTypeDecodesAsOther() throws Exception {
        byte[] octets = TestPacket.accountingRequest(3).string(44, "81000004").sign("testing123");

        AccountingEvent event =
                decoder.decode(RawPacket.parse(octets, 0, octets.length)).toEvent(NAS, Instant.EPOCH);

        assertThat(event.statusType()).isEqualTo(AcctStatusType.OTHER);
    }

    @Test
    void framedAddressesThatAreInstructionsAreNotAddresses() throws Exception {
        byte[] octets = TestPacket.accountingRequest(3)
                .integer(40, 1)
                .address(8, "255.255.255.254")
                .sign("testing123");

        assertThat(decoder.decode(RawPacket.parse(octets, 0, octets.length)).framedIp())
                .isNull();
    }

    /** 2001:db8:1::/48 as FreeRADIUS 3 sends it: reserved 0, length 48, the 6 octets the length needs. */
    private static final byte[] FRAMED_PREFIX_48 = HexFormat.of().parseHex("003020010db80001");

    /** 2001:db8:100::/56 with the whole 16-octet prefix field (what FreeRADIUS 2 and many NAS send). */
    private static final byte[] DELEGATED_PREFIX_56_FULL =
            HexFormat.of().parseHex("003820010db8010000000000000000000000");

    /** 2001:db8::7, 16 octets. */
    private static final byte[] FRAMED_IPV6_ADDRESS = HexFormat.of().parseHex("20010db8000000000000000000000007");

    @Test
    void decodesTheIpv6AddressAndPrefixesInBothWireLayouts() throws Exception {
        byte[] octets = TestPacket.accountingRequest(3)
                .integer(40, 1)
                .string(44, "81000006")
                .raw(97, FRAMED_PREFIX_48)
                .raw(123, DELEGATED_PREFIX_56_FULL)
                .raw(168, FRAMED_IPV6_ADDRESS)
                .sign("testing123");

        AccountingRequestValues values = decoder.decode(RawPacket.parse(octets, 0, octets.length));
        AccountingEvent event = values.toEvent(NAS, Instant.EPOCH);

        assertThat(values.skippedAttributes()).isZero();
        assertThat(event.ipv6().address()).isEqualTo(IpAddress.parse("2001:db8::7"));
        assertThat(event.ipv6().framedPrefix()).isEqualTo(Ipv6Prefix.parse("p", "2001:db8:1::/48"));
        assertThat(event.ipv6().delegatedPrefix()).isEqualTo(Ipv6Prefix.parse("p", "2001:db8:100::/56"));
        assertThat(event.acctSessionId()).isEqualTo("81000006");
    }

    @Test
    void aPacketWithoutIpv6AttributesHasNone() throws Exception {
        AccountingRequestValues values = decoder.decode(RawPacket.parse(RADCLIENT_START, 0, RADCLIENT_START.length));

        assertThat(values.toEvent(NAS, Instant.EPOCH).ipv6()).isEqualTo(Ipv6Assignment.NONE);
    }

    @Test
    void invalidIpv6AttributesAreLeftOutAndCountedAndThePacketKeepsItsAccounting() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] octets = TestPacket.accountingRequest(3)
                .integer(40, 3)
                .string(44, "81000007")
                .integer(42, 1234)
                .address(8, "100.64.0.9")
                .raw(168, hex.parseHex("20010db8000000000000000000000007ff")) // 17 octets
                .raw(168, new byte[16]) // ::
                .raw(168, hex.parseHex("ff020000000000000000000000000001")) // multicast
                .raw(168, hex.parseHex("00000000000000000000ffff0a000001")) // ::ffff:10.0.0.1
                .raw(97, hex.parseHex("00")) // no prefix length
                .raw(97, hex.parseHex("0081" + "20010db8000000000000000000000000")) // /129
                .raw(97, hex.parseHex("003020010db8")) // /48 in 4 octets
                .raw(97, hex.parseHex("003020010db80001ff")) // a bit set beyond /48
                .raw(123, hex.parseHex("003820010db801000001")) // a bit beyond /56 set
                .raw(123, hex.parseHex("0000")) // ::/0
                .raw(123, hex.parseHex("0038" + "20010db8010000000000000000000000" + "00")) // 19 octets
                .sign("testing123");

        AccountingRequestValues values = decoder.decode(RawPacket.parse(octets, 0, octets.length));
        AccountingEvent event = values.toEvent(NAS, Instant.EPOCH);

        assertThat(values.skippedAttributes()).isEqualTo(11);
        assertThat(event.ipv6()).isEqualTo(Ipv6Assignment.NONE);
        assertThat(event.acctSessionId()).isEqualTo("81000007");
        assertThat(event.counters().inputOctets()).isEqualTo(1234);
        assertThat(event.framedIp()).isEqualTo(IpAddress.parse("100.64.0.9"));
    }

    @Test
    void ofRepeatedIpv6AttributesTheFirstValidOneCounts() throws Exception {
        byte[] octets = TestPacket.accountingRequest(3)
                .integer(40, 1)
                .string(44, "81000008")
                .raw(123, HexFormat.of().parseHex("0038ff")) // too short for /56: skipped
                .raw(123, HexFormat.of().parseHex("003820010db8020000ff")) // 8 set bits beyond /56: skipped
                .raw(123, HexFormat.of().parseHex("003920010db802000080")) // 2001:db8:200:80::/57
                .raw(123, DELEGATED_PREFIX_56_FULL)
                .raw(97, HexFormat.of().parseHex("0080" + "20010db8000000000000000000000001")) // a /128
                .sign("testing123");

        AccountingRequestValues values = decoder.decode(RawPacket.parse(octets, 0, octets.length));

        assertThat(values.skippedAttributes()).isEqualTo(2);
        assertThat(values.ipv6().delegatedPrefix()).isEqualTo(Ipv6Prefix.parse("p", "2001:db8:200:80::/57"));
        assertThat(values.ipv6().framedPrefix()).isEqualTo(Ipv6Prefix.parse("p", "2001:db8::1/128"));
    }

    @Test
    void refusesPacketsThatAreNotAccountingRequests() throws Exception {
        byte[] octets = TestPacket.ofCode(1, 1).string(1, "alice").sign("testing123");

        assertThatThrownBy(() -> decoder.decode(RawPacket.parse(octets, 0, octets.length)))
                .isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void signsTheAccountingResponseAsRfc2866Says() {
        byte[] requestAuthenticator = java.util.Arrays.copyOfRange(RADCLIENT_START, 4, 20);

        byte[] response = encoder.encode(0xED, requestAuthenticator, List.of(), SECRET);

        assertThat(HexFormat.of().formatHex(response)).isEqualTo("05ed00143d41be3e96f6c12b798bfa7caf747770");
        assertThat(TestPacket.validResponse(response, RADCLIENT_START, "testing123"))
                .isTrue();
    }

    @Test
    void copiesProxyStateIntoTheResponseInOrder() throws Exception {
        byte[] request = TestPacket.accountingRequest(77)
                .integer(40, 1)
                .raw(33, "first".getBytes(StandardCharsets.UTF_8))
                .raw(33, "second".getBytes(StandardCharsets.UTF_8))
                .sign("pröxy-sécret");
        byte[] secret = Authenticators.secretBytes("pröxy-sécret");
        AccountingRequestValues values = decoder.decode(RawPacket.parse(request, 0, request.length));

        byte[] response = encoder.encode(values, secret);
        RawPacket parsed = RawPacket.parse(response, 0, response.length);

        assertThat(parsed.code()).isEqualTo(5);
        assertThat(parsed.identifier()).isEqualTo(77);
        assertThat(parsed.values(33))
                .extracting(v -> new String(v, StandardCharsets.UTF_8))
                .containsExactly("first", "second");
        assertThat(TestPacket.validResponse(response, request, "pröxy-sécret")).isTrue();
    }
}
