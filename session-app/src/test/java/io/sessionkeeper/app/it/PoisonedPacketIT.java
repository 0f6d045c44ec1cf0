package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.EmbeddedDatabase;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.adapter.persistence.secrets.Keyring;
import io.sessionkeeper.adapter.radius.AccountingListener;
import io.sessionkeeper.adapter.radius.AccountingListenerSettings;
import io.sessionkeeper.adapter.radius.DropReason;
import io.sessionkeeper.adapter.radius.RadiusDisconnector;
import io.sessionkeeper.adapter.radius.RadiusDisconnectorSettings;
import io.sessionkeeper.adapter.radius.codec.Radius;
import io.sessionkeeper.adapter.radius.codec.RawPacket;
import io.sessionkeeper.adapter.radius.testing.AccountingListenerCounters;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.NasLookupService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Poisoned Accounting-Requests on the production accounting path (listener, accounting rules, PostgreSQL
 * repository) over a real PostgreSQL: three NAS whose packets ride in one batch, each sending each packet once.
 * A packet the database refuses for its data leaves every other packet answered at its first try; text the
 * database cannot hold (a NUL, invalid UTF-8) is stored cleaned, and a Disconnect-Request names that session in
 * the NAS's own octets; an unavailable database is not split.
 */
class PoisonedPacketIT {
    private static final String SECRET = "poison-secret";
    private static final TenantId TENANT = TenantId.of("isp");
    private static final int NAS_COUNT = 3;
    private static final int PER_NAS = 4;

    private DatabaseConfig.Embedded database;
    private int port;
    private EmbeddedDatabase postgres;
    private PostgresPersistence persistence;
    private AccountingListener listener;
    private final AccountingListenerCounters counters = new AccountingListenerCounters();
    private final List<UdpPeer> nas = new ArrayList<>();
    private final List<Nas> registered = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        database = new DatabaseConfig.Embedded(
                ScratchDirectories.create("sessionkeeper-poison"),
                ConnectionPools.defaults(),
                true,
                ScratchDirectories.sharedBinaries());
        port = ServiceProcess.freeTcpPort();
        postgres = EmbeddedDatabase.start(database, port);
        // as an external database, so that the pool outlives the server's stop in the outage test
        persistence = PostgresPersistence.open(
                new DatabaseConfig.External(
                        postgres.jdbcUrl() + "?connectTimeout=2",
                        postgres.user(),
                        postgres.password(),
                        ConnectionPools.defaults()),
                new KeySource.Given(Keyring.generate("it"), "a test keyring"));
        persistence.tenantDirectory().createIfAbsent(new Tenant(TENANT, "ISP", ZoneOffset.UTC));
        for (int n = 1; n <= NAS_COUNT; n++) {
            Nas router = new Nas(
                    NasId.random(),
                    TENANT,
                    "router-" + n,
                    IpAddress.parse("127.0.0." + n),
                    SECRET,
                    3799,
                    NasVendor.MIKROTIK,
                    null,
                    false,
                    null,
                    false);
            persistence.nasDirectory().save(router);
            registered.add(router);
            nas.add(new UdpPeer(InetAddress.getByName("127.0.0." + n), 0));
        }
        listener = new AccountingListener(
                AccountingListenerSettings.defaults()
                        .withBind(InetAddress.getLoopbackAddress(), 0)
                        .withWriters(1)
                        .withBatching(100, Duration.ofMillis(400)),
                new AccountingService(persistence.sessionRepository(), AccountingPolicy.DEFAULT),
                new NasLookupService(
                        persistence.nasDirectory(),
                        Clock.systemUTC(),
                        new NasLookupService.RefreshInterval(Duration.ofMinutes(1))),
                counters,
                Clock.systemUTC());
        listener.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.close();
        }
        nas.forEach(UdpPeer::close);
        if (persistence != null) {
            persistence.close();
        }
        postgres.close(); // its directory goes at the JVM's exit (ScratchDirectories)
    }

    private InetSocketAddress target() {
        return listener.localAddress();
    }

    /** A Start of NAS {@code n} (0-based) whose Identifier says who sent it. */
    private static byte[] start(int n, int i, byte[] username) {
        int identifier = 10 * (n + 1) + i;
        return TestPacket.accountingRequest(identifier)
                .integer(40, 1)
                .string(44, "S" + identifier)
                .raw(1, username)
                .integer(7, 1)
                .sign(SECRET);
    }

    private static byte[] text(String value) {
        return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Waits (bounded) until each of the {@code received} packets was answered or dropped. */
    private void awaitSettled(long received) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        AccountingListenerCounters.Snapshot stats = counters.snapshot();
        while ((stats.received() < received || stats.answered() + stats.droppedTotal() < stats.received())
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
            stats = counters.snapshot();
        }
    }

    /** The Identifiers NAS {@code n} got answers for, without retransmitting. */
    private List<Integer> answersOf(int n) {
        List<Integer> ids = new ArrayList<>();
        for (UdpPeer.Received answer : nas.get(n).receiveAll(300)) {
            assertThat(answer.source()).isEqualTo(target());
            ids.add(answer.octets()[1] & 0xFF);
        }
        return ids;
    }

    private List<Session> sessions() {
        return persistence
                .sessionRepository()
                .find(new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, null), 0, 100);
    }

    @Test
    void aPacketTheDatabaseRefusesLeavesEveryOtherPacketOfItsBatchAnsweredAtItsFirstTry() throws Exception {
        try (Connection connection = persistence.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "ALTER TABLE sessions ADD CONSTRAINT sessions_it_poison_ck CHECK (username <> 'poison-user')");
        }
        byte[] nulAndInvalidUtf8 = {'a', 'l', 'i', 0, 'c', 'e', (byte) 0xFF, 'x'};
        for (int i = 0; i < PER_NAS; i++) {
            for (int n = 0; n < NAS_COUNT; n++) {
                byte[] username = n == 1 && i == 2
                        ? text("poison-user")
                        : n == 2 && i == 1 ? nulAndInvalidUtf8 : text("user-" + n + "-" + i);
                nas.get(n).send(start(n, i, username), target());
            }
        }

        awaitSettled(NAS_COUNT * PER_NAS);

        assertThat(answersOf(0)).containsExactlyInAnyOrder(10, 11, 12, 13);
        assertThat(answersOf(1)).as("all but the poisoned 22").containsExactlyInAnyOrder(20, 21, 23);
        assertThat(answersOf(2)).as("the NUL user's 31 included").containsExactlyInAnyOrder(30, 31, 32, 33);
        AccountingListenerCounters.Snapshot stats = counters.snapshot();
        assertThat(stats.received()).isEqualTo(NAS_COUNT * PER_NAS);
        assertThat(stats.dropped(DropReason.REJECTED_BY_STORE)).isEqualTo(1);
        assertThat(stats.droppedTotal()).isEqualTo(1);
        assertThat(stats.answered()).isEqualTo(NAS_COUNT * PER_NAS - 1);
        assertThat(stats.cleanedAttributes()).isEqualTo(1);
        assertThat(stats.failedBatches())
                .as("the batch of all twelve failed first, then its parts")
                .isPositive();
        assertThat(sessions()).hasSize(NAS_COUNT * PER_NAS - 1).noneMatch(s -> s.username()
                .equals("poison-user"));

        Session cleaned = sessions().stream()
                .filter(s -> s.acctSessionId().equals("S31"))
                .findFirst()
                .orElseThrow();
        assertThat(cleaned.username()).isEqualTo("ali\uFFFDce\uFFFDx");
        try (UdpPeer scriptedNas = new UdpPeer();
                RadiusDisconnector disconnector = new RadiusDisconnector(RadiusDisconnectorSettings.defaults()
                        .withBindAddress(InetAddress.getLoopbackAddress())
                        .withTimeout(Duration.ofSeconds(2), 0))) {
            Nas router = registered.get(2);
            Nas coaTarget = new Nas(
                    router.id(),
                    router.tenant(),
                    router.name(),
                    IpAddress.parse("127.0.0.1"),
                    SECRET,
                    scriptedNas.port(),
                    router.vendor(),
                    null,
                    false,
                    null,
                    false);
            CompletableFuture<DisconnectResult> outcome =
                    CompletableFuture.supplyAsync(() -> disconnector.disconnect(coaTarget, cleaned));
            UdpPeer.Received request = scriptedNas.receive(3_000).orElseThrow();
            scriptedNas.send(
                    TestPacket.ofCode(Radius.DISCONNECT_ACK, request.octets()[1] & 0xFF)
                            .signAsResponseTo(request.octets(), SECRET),
                    request.source());

            RawPacket disconnect = RawPacket.parse(request.octets(), 0, request.octets().length);
            assertThat(disconnect.values(Radius.USER_NAME))
                    .as("the octets the NAS sent, read back from PostgreSQL")
                    .singleElement()
                    .isEqualTo(nulAndInvalidUtf8);
            assertThat(disconnect.values(Radius.ACCT_SESSION_ID))
                    .singleElement()
                    .isEqualTo(text("S31"));
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(DisconnectResult.Acked.class);
        }
    }

    @Test
    void anUnavailableDatabaseIsNotSplitAndNothingIsAnswered() throws Exception {
        nas.get(0).send(start(0, 0, text("warm-up")), target());
        awaitSettled(1);
        assertThat(answersOf(0)).containsExactly(10);
        AccountingListenerCounters.Snapshot before = counters.snapshot();

        postgres.close();
        try {
            for (int i = 1; i < PER_NAS; i++) {
                for (int n = 0; n < NAS_COUNT; n++) {
                    nas.get(n).send(start(n, i, text("user-" + n + "-" + i)), target());
                }
            }
            int sent = NAS_COUNT * (PER_NAS - 1);
            awaitSettled(1 + sent);

            for (int n = 0; n < NAS_COUNT; n++) {
                assertThat(answersOf(n))
                        .as("no answer while the database is down")
                        .isEmpty();
            }
            AccountingListenerCounters.Snapshot after = counters.snapshot();
            assertThat(after.dropped(DropReason.COMMIT_FAILED)).isEqualTo(sent);
            assertThat(after.dropped(DropReason.REJECTED_BY_STORE)).isZero();
            assertThat(after.failedBatches() - before.failedBatches())
                    .as("one attempt for the whole batch: not split")
                    .isEqualTo(1);
        } finally {
            postgres = EmbeddedDatabase.start(database, port);
        }
    }
}
