package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.codec.Radius;
import io.sessionkeeper.adapter.radius.codec.RawPacket;
import io.sessionkeeper.adapter.radius.testing.AccountingListenerCounters;
import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.adapter.radius.testing.LossyRelay;
import io.sessionkeeper.adapter.radius.testing.Radclient;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.MacAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TerminateCause;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listener with radclient as the NAS: what it must (and must not) acknowledge, and what gets stored. */
class AccountingListenerRadclientTest {
    private static final String SECRET = "nas-secret";

    private final AccountingTestBed bed = new AccountingTestBed();
    private final long now = Instant.now().getEpochSecond();

    @BeforeEach
    void radclientIsInstalled() {
        Radclient.assumeInstalled();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    static String packet(String... attributes) {
        return String.join("\n", attributes) + "\n\n";
    }

    private String start(String acctSessionId, String username) {
        return packet(
                "Acct-Status-Type = Start",
                "Acct-Session-Id = \"" + acctSessionId + "\"",
                "User-Name = \"" + username + "\"",
                "Framed-Protocol = PPP",
                "Calling-Station-Id = \"AA:BB:CC:00:00:" + String.format("%02X", acctSessionId.hashCode() & 0xFF)
                        + "\"",
                "Event-Timestamp = " + (now - 60));
    }

    @Test
    void startInterimAndStopAreStoredAndEachIsAcknowledged() throws Exception {
        Nas nas = bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        String common = String.join(
                "\n",
                "Acct-Session-Id = \"81000001\"",
                "User-Name = \"alice\"",
                "NAS-Port-Id = \"ether2-pppoe\"",
                "NAS-Port = 15728641",
                "Calling-Station-Id = \"aa-bb-cc-dd-ee-01\"",
                "Called-Station-Id = \"pppoe-service\"",
                "Service-Type = Framed-User",
                "Framed-Protocol = PPP",
                "NAS-Port-Type = Ethernet");
        String packets = packet(common, "Acct-Status-Type = Start", "Event-Timestamp = " + (now - 120))
                + packet(
                        common,
                        "Acct-Status-Type = Interim-Update",
                        "Framed-IP-Address = 100.64.0.10",
                        "Acct-Session-Time = 60",
                        "Acct-Interim-Interval = 60",
                        "Acct-Input-Octets = 1000",
                        "Acct-Output-Octets = 5000",
                        "Acct-Input-Packets = 10",
                        "Acct-Output-Packets = 50",
                        "Event-Timestamp = " + (now - 60))
                + packet(
                        common,
                        "Acct-Status-Type = Stop",
                        "Framed-IP-Address = 100.64.0.10",
                        "Acct-Session-Time = 120",
                        "Acct-Input-Octets = 2000",
                        "Acct-Output-Octets = 9000",
                        "Acct-Terminate-Cause = User-Request",
                        "Event-Timestamp = " + now);

        Radclient.Result result =
                Radclient.accounting(bed.port(), SECRET, packets, "-x", "-p", "1", "-r", "1", "-t", "3");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.accountingResponses()).isEqualTo(3);
        Session session = bed.session("81000001").orElseThrow();
        assertThat(session.nasId()).isEqualTo(nas.id());
        assertThat(session.username()).isEqualTo("alice");
        assertThat(session.connectionType()).isEqualTo(ConnectionType.PPPOE);
        assertThat(session.macAddress()).isEqualTo(MacAddress.parse("AA:BB:CC:DD:EE:01"));
        assertThat(session.framedIp()).isEqualTo(IpAddress.parse("100.64.0.10"));
        // sent on the interim only: kept through the Stop that did not repeat it
        assertThat(session.interimInterval()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(session.port().nasPortId()).isEqualTo("ether2-pppoe");
        assertThat(session.port().calledStationId()).isEqualTo("pppoe-service");
        assertThat(session.startTime()).isEqualTo(Instant.ofEpochSecond(now - 120));
        assertThat(session.stopTime()).isEqualTo(Instant.ofEpochSecond(now));
        assertThat(session.sessionTimeSeconds()).isEqualTo(120);
        assertThat(session.usage().downloadOctets()).isEqualTo(9000);
        assertThat(session.usage().uploadOctets()).isEqualTo(2000);
        assertThat(session.terminateCause()).isEqualTo(TerminateCause.fromRadius(1));
        assertThat(bed.sessions()).hasSize(1);
        // an answer is counted right after it is sent, so radclient may have it before the counter moves
        AccountingListenerCounters.Snapshot stats = bed.awaitStats(s -> s.answered() == 3, Duration.ofSeconds(5));
        assertThat(stats.received()).isEqualTo(3);
        assertThat(stats.answered()).isEqualTo(3);
        assertThat(stats.committedEvents()).isEqualTo(3);
        assertThat(stats.droppedTotal()).isZero();
    }

    @Test
    void theIpv6AddressAndPrefixesRadclientSendsAreStoredAndKeptThroughPacketsWithoutThem() {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        String common =
                String.join("\n", "Acct-Session-Id = \"81000061\"", "User-Name = \"v6user\"", "Framed-Protocol = PPP");
        String packets = packet(
                        common,
                        "Acct-Status-Type = Start",
                        "Framed-IPv6-Address = 2001:db8::7",
                        "Framed-IPv6-Prefix = 2001:db8:1::/64",
                        "Delegated-IPv6-Prefix = 2001:db8:100::/56",
                        "Event-Timestamp = " + (now - 120))
                + packet(
                        common,
                        "Acct-Status-Type = Interim-Update",
                        "Acct-Session-Time = 60",
                        "Event-Timestamp = " + (now - 60))
                + packet(
                        common,
                        "Acct-Status-Type = Stop",
                        "Delegated-IPv6-Prefix = 2001:db8:200::/48",
                        "Acct-Session-Time = 120",
                        "Event-Timestamp = " + now);

        Radclient.Result result =
                Radclient.accounting(bed.port(), SECRET, packets, "-x", "-p", "1", "-r", "1", "-t", "3");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.accountingResponses()).isEqualTo(3);
        Session session = bed.session("81000061").orElseThrow();
        assertThat(session.ipv6().address()).isEqualTo(IpAddress.parse("2001:db8::7"));
        assertThat(session.ipv6().framedPrefix()).isEqualTo(Ipv6Prefix.parse("p", "2001:db8:1::/64"));
        assertThat(session.ipv6().delegatedPrefix())
                .as("the last one sent")
                .isEqualTo(Ipv6Prefix.parse("p", "2001:db8:200::/48"));
        assertThat(session.stopTime()).isEqualTo(Instant.ofEpochSecond(now));
        assertThat(bed.stats().droppedTotal()).isZero();
    }

    @Test
    void nulAndInvalidUtf8AreStoredCleanedAnsweredAndDisconnectNamesTheSessionInTheNasOwnOctets() throws Exception {
        Nas nas = bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        // radclient sends \NNN as the octet NNN (octal): "ali<NUL>ce<0xFF>x" and "S<0x01>9"
        String common = String.join(
                "\n",
                "User-Name = \"ali\\000ce\\377x\"",
                "Acct-Session-Id = \"S\\0019\"",
                "NAS-Port-Id = \"ether\\0331\"",
                "Framed-Protocol = PPP");
        String packets = packet(common, "Acct-Status-Type = Start", "Event-Timestamp = " + (now - 120))
                + packet(
                        common,
                        "Acct-Status-Type = Interim-Update",
                        "Acct-Session-Time = 60",
                        "Acct-Output-Octets = 5000",
                        "Event-Timestamp = " + (now - 60));

        Radclient.Result result =
                Radclient.accounting(bed.port(), SECRET, packets, "-x", "-p", "1", "-r", "1", "-t", "3");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.accountingResponses()).isEqualTo(2);
        assertThat(bed.sessions())
                .as("the Interim found the Start's session: same cleaned key")
                .hasSize(1);
        Session session = bed.sessions().get(0);
        assertThat(session.username()).isEqualTo("ali\uFFFDce\uFFFDx");
        assertThat(session.acctSessionId()).isEqualTo("S\uFFFD9");
        assertThat(session.port().nasPortId()).isEqualTo("ether\uFFFD1");
        assertThat(session.usage().downloadOctets()).isEqualTo(5000);
        assertThat(bed.stats().cleanedAttributes()).isEqualTo(6);

        byte[] sentUsername = {'a', 'l', 'i', 0, 'c', 'e', (byte) 0xFF, 'x'};
        byte[] sentAcctSessionId = {'S', 1, '9'};
        try (UdpPeer scriptedNas = new UdpPeer();
                RadiusDisconnector disconnector = new RadiusDisconnector(RadiusDisconnectorSettings.defaults()
                        .withBindAddress(InetAddress.getLoopbackAddress())
                        .withTimeout(Duration.ofSeconds(2), 0))) {
            Nas coaTarget = RadiusDisconnectorFreeRadiusTest.nasAt("127.0.0.1", scriptedNas.port(), SECRET);
            CompletableFuture<DisconnectResult> outcome =
                    CompletableFuture.supplyAsync(() -> disconnector.disconnect(coaTarget, session));
            UdpPeer.Received request = scriptedNas.receive(3_000).orElseThrow();
            scriptedNas.send(
                    TestPacket.ofCode(Radius.DISCONNECT_ACK, request.octets()[1] & 0xFF)
                            .signAsResponseTo(request.octets(), SECRET),
                    request.source());

            RawPacket disconnect = RawPacket.parse(request.octets(), 0, request.octets().length);
            assertThat(disconnect.code()).isEqualTo(Radius.DISCONNECT_REQUEST);
            assertThat(disconnect.values(Radius.USER_NAME)).singleElement().isEqualTo(sentUsername);
            assertThat(disconnect.values(Radius.ACCT_SESSION_ID))
                    .singleElement()
                    .isEqualTo(sentAcctSessionId);
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(DisconnectResult.Acked.class);
        }
        assertThat(nas.id()).isEqualTo(session.nasId());
    }

    @Test
    void gigawordsCarryCountersBeyondFourGibibytes() {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        String packets = packet(
                "Acct-Status-Type = Interim-Update",
                "Acct-Session-Id = \"81000002\"",
                "User-Name = \"bigdownloader\"",
                "Acct-Session-Time = 86400",
                "Acct-Output-Gigawords = 5",
                "Acct-Output-Octets = 1234",
                "Acct-Input-Gigawords = 1",
                "Acct-Input-Octets = 4294967295",
                "Event-Timestamp = " + now);

        Radclient.Result result = Radclient.accounting(bed.port(), SECRET, packets, "-x", "-r", "1", "-t", "3");

        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(1);
        Session session = bed.session("81000002").orElseThrow();
        assertThat(session.usage().downloadOctets()).isEqualTo(5L * 4_294_967_296L + 1234);
        assertThat(session.usage().uploadOctets()).isEqualTo(4_294_967_296L + 4_294_967_295L);
        assertThat(session.startTime()).isEqualTo(Instant.ofEpochSecond(now - 86400));
    }

    @Test
    void mikrotikHotspotVendorAttributesAreDecoded() {
        bed.register("mt-hotspot", "127.0.0.1", SECRET);
        bed.start();
        String packets = packet(
                "Acct-Status-Type = Start",
                "Acct-Session-Id = \"81000003\"",
                "User-Name = \"guest-7\"",
                "Calling-Station-Id = \"11:22:33:44:55:66\"",
                "Called-Station-Id = \"hotspot1\"",
                "NAS-Port-Type = Wireless-802.11",
                "Framed-IP-Address = 10.5.50.7",
                "Mikrotik-Host-IP = 192.168.88.7",
                "Mikrotik-Rate-Limit = \"2M/4M\"",
                "Event-Timestamp = " + now);

        Radclient.Result result = Radclient.accounting(bed.port(), SECRET, packets, "-x", "-r", "1", "-t", "3");

        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(1);
        Session session = bed.session("81000003").orElseThrow();
        assertThat(session.connectionType()).isEqualTo(ConnectionType.HOTSPOT);
        assertThat(session.port().hostIp()).isEqualTo(IpAddress.parse("192.168.88.7"));
        assertThat(session.rateLimit()).isEqualTo("2M/4M");
        assertThat(session.macAddress()).isEqualTo(MacAddress.parse("11:22:33:44:55:66"));
    }

    @Test
    void accountingOnClosesEveryOpenSessionOfTheNasAndIsAcknowledged() {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        String packets = start("81000010", "u1")
                + start("81000011", "u2")
                + packet("Acct-Status-Type = Accounting-On", "Acct-Delay-Time = 0", "Event-Timestamp = " + now);

        Radclient.Result result =
                Radclient.accounting(bed.port(), SECRET, packets, "-x", "-p", "1", "-r", "1", "-t", "3");

        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(3);
        assertThat(bed.sessions()).hasSize(2).allSatisfy(s -> {
            assertThat(s.isActive()).isFalse();
            assertThat(s.terminateCause()).isEqualTo(TerminateCause.NAS_REBOOT);
            assertThat(s.stopTime()).isEqualTo(Instant.ofEpochSecond(now));
        });
    }

    @Test
    void accountingOnWithNothingOpenIsStillAcknowledged() {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();

        Radclient.Result result = Radclient.accounting(
                bed.port(), SECRET, packet("Acct-Status-Type = Accounting-Off"), "-x", "-r", "1", "-t", "3");

        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(1);
        assertThat(bed.sessions()).isEmpty();
    }

    @Test
    void aPacketWithoutStatusTypeIsAcknowledgedAndIgnored() {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();

        Radclient.Result result = Radclient.accounting(
                bed.port(),
                SECRET,
                packet("Acct-Session-Id = \"81000020\"", "User-Name = \"nobody\""),
                "-x",
                "-r",
                "1",
                "-t",
                "3");

        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(1);
        assertThat(bed.sessions()).isEmpty();
    }

    @Test
    void aWrongSecretIsNeverAnsweredAndIsCounted() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();

        Radclient.Result result = Radclient.accounting(
                bed.port(), "not-the-secret", start("81000030", "mallory"), "-x", "-r", "3", "-t", "0.2");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.accountingResponses()).isZero();
        assertThat(result.sentIdentifiers()).hasSize(3);
        assertThat(bed.awaitStats(s -> s.dropped(DropReason.BAD_AUTHENTICATOR) == 3, Duration.ofSeconds(2))
                        .dropped(DropReason.BAD_AUTHENTICATOR))
                .isEqualTo(3);
        assertThat(bed.sessions()).isEmpty();
        assertThat(bed.tracker.batches()).isEmpty();
    }

    @Test
    void aNonAsciiSharedSecretWorksAsUtf8() {
        // radclient trims a secret that ends in a multi-octet character (it takes its last octets for spaces)
        String secret = "sécret-秘密-ñandú-x";
        bed.register("mt-1", "127.0.0.1", secret);
        bed.start();

        Radclient.Result result =
                Radclient.accounting(bed.port(), secret, start("81000031", "jürgen"), "-x", "-r", "1", "-t", "3");

        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(1);
        assertThat(bed.session("81000031").orElseThrow().username()).isEqualTo("jürgen");
    }

    @Test
    void anUnknownClientIsNeverAnswered() throws Exception {
        bed.register("elsewhere", "127.0.0.2", SECRET);
        bed.start();

        Radclient.Result result =
                Radclient.accounting(bed.port(), SECRET, start("81000040", "eve"), "-x", "-r", "2", "-t", "0.3");

        assertThat(result.accountingResponses()).isZero();
        assertThat(bed.awaitStats(s -> s.dropped(DropReason.UNKNOWN_CLIENT) == 2, Duration.ofSeconds(2))
                        .dropped(DropReason.UNKNOWN_CLIENT))
                .isEqualTo(2);
        assertThat(bed.sessions()).isEmpty();
    }

    @Test
    void anAccessRequestOnTheAccountingPortIsNotAnswered() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();

        Radclient.Result result = Radclient.run(
                bed.port(),
                "auth",
                SECRET,
                packet("User-Name = \"alice\"", "User-Password = \"x\""),
                "-x",
                "-r",
                "1",
                "-t",
                "0.3");

        assertThat(result.received("Access-Accept") + result.received("Access-Reject"))
                .isZero();
        assertThat(bed.awaitStats(s -> s.dropped(DropReason.NOT_ACCOUNTING_REQUEST) == 1, Duration.ofSeconds(2))
                        .dropped(DropReason.NOT_ACCOUNTING_REQUEST))
                .isEqualTo(1);
        assertThat(bed.sessions()).isEmpty();
    }

    @Test
    void nothingIsAcknowledgedWhileTheRepositoryFailsAndTheRetransmissionIsStoredOnceItRecovers() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        bed.repository.failWith(new IllegalStateException("database is down"));

        Radclient.Background radclient = Radclient.start(
                bed.port(), "acct", SECRET, start("81000050", "patient"), "-x", "-r", "20", "-t", "0.3");
        AccountingListenerCounters.Snapshot during = bed.awaitStats(s -> s.failedBatches() >= 3, Duration.ofSeconds(5));
        assertThat(during.failedBatches()).isGreaterThanOrEqualTo(3);
        assertThat(during.answered()).isZero();
        assertThat(bed.sessions()).isEmpty();
        bed.repository.recover();
        Radclient.Result result = radclient.await();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.accountingResponses()).isEqualTo(1);
        assertThat(result.sentIdentifiers())
                .hasSizeGreaterThanOrEqualTo(4)
                .containsOnly(result.sentIdentifiers().get(0));
        assertThat(bed.session("81000050")).isPresent();
        AccountingListenerCounters.Snapshot after = bed.stats();
        assertThat(after.answered()).isEqualTo(1);
        assertThat(after.dropped(DropReason.COMMIT_FAILED)).isEqualTo(after.failedBatches());
        assertThat(bed.tracker.events()).hasSize(1);
    }

    @Test
    void aFullQueueDropsPacketsWithoutAnsweringThem() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start(s -> s.withQueueCapacity(3).withBatching(1, Duration.ZERO).withWriters(1));
        bed.tracker.hold();
        Radclient.Background first =
                Radclient.start(bed.port(), "acct", SECRET, start("81000060", "first"), "-x", "-r", "1", "-t", "10");
        awaitWaitingAtGate();
        String burst = IntStream.range(0, 10)
                .mapToObj(i -> start("8100007" + i, "burst-" + i))
                .collect(Collectors.joining());

        Radclient.Background rest =
                Radclient.start(bed.port(), "acct", SECRET, burst, "-x", "-p", "10", "-r", "1", "-t", "0.5");
        AccountingListenerCounters.Snapshot full =
                bed.awaitStats(s -> s.dropped(DropReason.QUEUE_FULL) == 7, Duration.ofSeconds(10));
        bed.tracker.open();

        assertThat(full.dropped(DropReason.QUEUE_FULL)).isEqualTo(7);
        Radclient.Result firstResult = first.await();
        Radclient.Result restResult = rest.await();
        assertThat(firstResult.accountingResponses()).isEqualTo(1);
        assertThat(restResult.accountingResponses()).as(restResult.output()).isEqualTo(3);
        assertThat(restResult.noReplies()).isEqualTo(7);
        assertThat(bed.sessions()).hasSize(4);
        assertThat(bed.awaitStats(s -> s.answered() == 4, Duration.ofSeconds(5)).answered())
                .isEqualTo(4);
    }

    @Test
    void aProxyIsTheClientAndTheNasIsFoundByNasIpAddressOrNasIdentifier() throws Exception {
        bed.registerProxy("freeradius-proxy", "127.0.0.1", "proxy-secret");
        Nas byAddress = bed.register(AccountingTestBed.nas("bng-a", "10.20.0.1", "nas-a-secret", null, false));
        Nas byIdentifier = bed.register(AccountingTestBed.nas("bng-b", "10.20.0.2", "nas-b-secret", "bng-b", false));
        bed.start();
        String packets = packet(
                        "Acct-Status-Type = Start",
                        "Acct-Session-Id = \"A-1\"",
                        "User-Name = \"behind-a\"",
                        "NAS-IP-Address = 10.20.0.1")
                + packet(
                        "Acct-Status-Type = Start",
                        "Acct-Session-Id = \"B-1\"",
                        "User-Name = \"behind-b\"",
                        "NAS-Identifier = \"bng-b\"")
                + packet(
                        "Acct-Status-Type = Start",
                        "Acct-Session-Id = \"X-1\"",
                        "User-Name = \"behind-nobody\"",
                        "NAS-IP-Address = 10.99.99.99",
                        "NAS-Identifier = \"unknown-bng\"");

        Radclient.Result result =
                Radclient.accounting(bed.port(), "proxy-secret", packets, "-x", "-p", "1", "-r", "1", "-t", "1");

        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(2);
        assertThat(result.noReplies()).isEqualTo(1);
        assertThat(bed.session("A-1").orElseThrow().nasId()).isEqualTo(byAddress.id());
        assertThat(bed.session("B-1").orElseThrow().nasId()).isEqualTo(byIdentifier.id());
        assertThat(bed.session("X-1")).isEmpty();
        assertThat(bed.stats().dropped(DropReason.UNKNOWN_NAS_BEHIND_PROXY)).isEqualTo(1);
    }

    @Test
    void aRetransmissionOfAnAnsweredPacketGetsTheSameAnswerWithoutBeingProcessedAgain() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        try (LossyRelay relay = new LossyRelay(bed.port(), 1)) {
            Radclient.Result result = Radclient.accounting(
                    relay.port(), SECRET, start("81000080", "unlucky"), "-x", "-r", "3", "-t", "0.5");

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.sentIdentifiers())
                    .hasSize(2)
                    .containsOnly(result.sentIdentifiers().get(0));
            assertThat(relay.responsesFromServer()).hasSize(2);
            assertThat(relay.responsesFromServer().get(0))
                    .isEqualTo(relay.responsesFromServer().get(1));
        }
        AccountingListenerCounters.Snapshot stats =
                bed.awaitStats(s -> s.answered() == 1 && s.answeredFromCache() == 1, Duration.ofSeconds(5));
        assertThat(stats.answered()).isEqualTo(1);
        assertThat(stats.answeredFromCache()).isEqualTo(1);
        assertThat(bed.tracker.events()).hasSize(1);
        assertThat(bed.sessions()).hasSize(1);
    }

    @Test
    void aRetransmissionOfAPacketStillBeingRecordedIsNotProcessedTwice() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        bed.tracker.delay(Duration.ofMillis(1300));

        Radclient.Result result =
                Radclient.accounting(bed.port(), SECRET, start("81000090", "slowdb"), "-x", "-r", "5", "-t", "0.5");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.accountingResponses()).isEqualTo(1);
        assertThat(result.sentIdentifiers()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(bed.stats().dropped(DropReason.DUPLICATE_IN_FLIGHT)).isGreaterThanOrEqualTo(1);
        assertThat(bed.tracker.events()).hasSize(1);
        assertThat(bed.session("81000090").orElseThrow().acctSessionId()).isEqualTo("81000090");
    }

    @Test
    void aStopWithZeroCountersAfterInterimsKeepsTheUsage() {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        String id = "Acct-Session-Id = \"81000100\"\nUser-Name = \"accel\"";
        String packets = packet(
                        id,
                        "Acct-Status-Type = Interim-Update",
                        "Acct-Session-Time = 600",
                        "Acct-Output-Octets = 777",
                        "Event-Timestamp = " + (now - 10))
                + packet(id, "Acct-Status-Type = Stop", "Acct-Session-Time = 610", "Event-Timestamp = " + now);

        Radclient.Result result =
                Radclient.accounting(bed.port(), SECRET, packets, "-x", "-p", "1", "-r", "1", "-t", "3");

        assertThat(result.accountingResponses()).as(result.output()).isEqualTo(2);
        Session session = bed.session("81000100").orElseThrow();
        assertThat(session.usage().downloadOctets()).isEqualTo(777);
        assertThat(session.isActive()).isFalse();
        assertThat(bed.tracker.events())
                .extracting(e -> e.statusType())
                .containsExactly(AcctStatusType.INTERIM_UPDATE, AcctStatusType.STOP);
    }

    private void awaitWaitingAtGate() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (bed.tracker.waiting() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(bed.tracker.waiting()).isEqualTo(1);
    }
}
