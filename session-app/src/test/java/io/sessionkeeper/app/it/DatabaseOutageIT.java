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
import io.sessionkeeper.adapter.radius.testing.AccountingListenerCounters;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.NasLookupService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under the listener: nothing is acknowledged while it is down, and the NAS's
 * retransmissions are stored and acknowledged once it is back. Real PostgreSQL, real UDP, the production wiring
 * of the accounting path.
 */
class DatabaseOutageIT {
    private static final String SECRET = "outage-secret";
    private static final TenantId TENANT = TenantId.of("isp");

    @Test
    void noAcknowledgementWhileTheDatabaseIsDownAndNothingLostAfterItReturns() throws Exception {
        DatabaseConfig.Embedded database = new DatabaseConfig.Embedded(
                ScratchDirectories.create("sessionkeeper-outage"),
                ConnectionPools.defaults(),
                true,
                ScratchDirectories.sharedBinaries());
        int port = ServiceProcess.freeTcpPort();
        EmbeddedDatabase postgres = EmbeddedDatabase.start(database, port);
        AccountingListener listener = null;
        // as an external database, so that the pool outlives the server's restart
        try (PostgresPersistence persistence = PostgresPersistence.open(
                        new DatabaseConfig.External(
                                postgres.jdbcUrl() + "?connectTimeout=2",
                                postgres.user(),
                                postgres.password(),
                                ConnectionPools.defaults()),
                        new KeySource.Given(Keyring.generate("it"), "a test keyring"));
                UdpPeer nas = new UdpPeer()) {
            persistence
                    .tenantDirectory()
                    .createIfAbsent(new io.sessionkeeper.domain.model.Tenant(TENANT, "ISP", java.time.ZoneOffset.UTC));
            persistence
                    .nasDirectory()
                    .save(new Nas(
                            NasId.random(),
                            TENANT,
                            "Router",
                            IpAddress.parse("127.0.0.1"),
                            SECRET,
                            3799,
                            NasVendor.MIKROTIK,
                            null,
                            false,
                            null,
                            false));
            AccountingListenerCounters counters = new AccountingListenerCounters();
            listener = new AccountingListener(
                    AccountingListenerSettings.defaults().withBind(InetAddress.getLoopbackAddress(), 0),
                    new AccountingService(persistence.accounting().sessions(), AccountingPolicy.DEFAULT),
                    new NasLookupService(
                            persistence.accounting().nasDirectory(),
                            Clock.systemUTC(),
                            new NasLookupService.RefreshInterval(Duration.ofMinutes(1))),
                    counters,
                    Clock.systemUTC());
            listener.start();
            InetSocketAddress target = listener.localAddress();

            byte[] before = TestPacket.start(1, "BEFORE", "alice").sign(SECRET);
            assertThat(exchange(nas, target, before, 1, Duration.ofSeconds(10))).isPresent();

            postgres.close();
            byte[] during = TestPacket.start(2, "DURING", "bob").sign(SECRET);
            assertThat(exchange(nas, target, during, 6, Duration.ofSeconds(1)))
                    .as("no Accounting-Response while the database is down")
                    .isEmpty();
            assertThat(counters.snapshot().dropped(DropReason.COMMIT_FAILED)
                            + counters.snapshot().dropped(DropReason.DUPLICATE_IN_FLIGHT))
                    .isPositive();

            postgres = EmbeddedDatabase.start(database, port);
            Optional<byte[]> answer = exchange(nas, target, during, 60, Duration.ofSeconds(1));
            assertThat(answer)
                    .as("the retransmission is stored and acknowledged after the database returns")
                    .isPresent();
            assertThat(TestPacket.validResponse(answer.get(), during, SECRET)).isTrue();

            SessionFilter all = new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, null);
            assertThat(persistence.sessionRepository().find(all, 0, 10))
                    .extracting(s -> s.acctSessionId())
                    .containsExactlyInAnyOrder("BEFORE", "DURING");
        } finally {
            if (listener != null) {
                listener.close();
            }
            postgres.close();
        }
    }

    /** Sends (and re-sends, like a NAS) until a response arrives or the attempts run out. */
    private static Optional<byte[]> exchange(
            UdpPeer nas, InetSocketAddress target, byte[] packet, int attempts, Duration wait) {
        for (int i = 0; i < attempts; i++) {
            nas.send(packet, target);
            Optional<UdpPeer.Received> received = nas.receive((int) wait.toMillis());
            if (received.isPresent()) {
                return Optional.of(received.get().octets());
            }
        }
        return Optional.empty();
    }
}
