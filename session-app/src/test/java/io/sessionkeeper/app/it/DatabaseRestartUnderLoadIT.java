package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.EmbeddedDatabase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL restarts in the middle of the load: nothing is acknowledged that is not stored. The packaged service
 * runs on an external PostgreSQL that the test stops (fast shutdown: open transactions roll back) while a NAS with
 * many subscribers sends Starts and Interim-Updates; the NAS goes on retransmitting what is unanswered, and the
 * database starts again on the same port 3 s later. No request sent while the database was down was answered before
 * it was back, every event answered before is stored with at least its counters, the NAS's retransmissions are
 * answered afterwards, and every session ends with its final counters exactly.
 */
@Timeout(240)
class DatabaseRestartUnderLoadIT {
    private static final String SECRET = "restart-secret";
    // more subscribers per socket than its 256 identifiers: no subscriber has two events outstanding at once, so a
    // later event cannot hide an earlier acknowledged one that was lost
    private static final int SOCKETS = 6;
    private static final int SUBSCRIBERS_PER_SOCKET = 260;
    private static final int INTERIMS = 1;

    @Test
    void nothingIsAcknowledgedThatIsNotStoredWhenPostgresRestartsUnderLoadAndRetransmissionsAreAnsweredAfter()
            throws Exception {
        long began = System.nanoTime();
        DatabaseConfig.Embedded database = new DatabaseConfig.Embedded(
                ScratchDirectories.create("sessionkeeper-restart-pg"),
                ConnectionPools.defaults(),
                true,
                ScratchDirectories.sharedBinaries());
        int port = ServiceProcess.freeTcpPort();
        EmbeddedDatabase postgres = EmbeddedDatabase.start(database, port);
        ServiceProcess service = null;
        NasFleet fleet = new NasFleet(SECRET, "RESTART", SOCKETS, SUBSCRIBERS_PER_SOCKET, INTERIMS);
        try {
            service = ServiceProcess.start(
                    ScratchDirectories.create("sessionkeeper-restart"),
                    Map.of(
                            "SESSION_DB_URL",
                            postgres.jdbcUrl(),
                            "SESSION_DB_USER",
                            postgres.user(),
                            "SESSION_DB_PASSWORD",
                            postgres.password(),
                            "SESSION_SECRET_KEY",
                            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                            "SESSION_RATE_LIMIT_PER_MINUTE",
                            "0"));
            long started = System.nanoTime();
            assertThat(service.api().post("/api/nas", """
                            {"name":"BNG","ipAddress":"127.0.0.1","secret":"%s"}""".formatted(SECRET)).status())
                    .isEqualTo(201);
            fleet.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), service.radiusPort()));
            assertThat(fleet.awaitAcknowledged(fleet.total() / 3, 90))
                    .as("a third of the load answered before the restart:%n%s", service.output())
                    .isTrue();

            // From here the NAS only retransmits, as one whose window is full does: a new request of a subscriber
            // stored after the restart could hide an acknowledged one of that subscriber that was lost.
            fleet.holdNewRequests();
            postgres.close();
            long down = System.nanoTime();
            Thread.sleep(2_500); // the service keeps receiving, without its database, what it had and retransmissions
            fleet.pause();
            Thread.sleep(500); // answers on their way are read
            List<NasFleet.Event> acknowledged =
                    fleet.events().stream().filter(NasFleet.Event::acknowledged).toList();
            List<NasFleet.Event> unanswered = fleet.events().stream()
                    .filter(e -> e.firstSent() != 0 && !e.acknowledged())
                    .toList();
            long up = System.nanoTime();
            postgres = EmbeddedDatabase.start(database, port);
            long back = System.nanoTime();

            assertThat(fleet.events())
                    .as("a request first sent while the database was down, answered before it was back")
                    .noneMatch(e -> e.firstSent() > down && e.acknowledged() && e.acknowledgedAt() < up);
            assertThat(unanswered).as("the restart left requests unanswered").isNotEmpty();
            assertThat(StoredSessions.read(service.api()).notReflecting(acknowledged))
                    .as("acknowledged before the database restart, not stored after it")
                    .isEmpty();

            fleet.resume();
            assertThat(fleet.awaitAcknowledged(fleet.total(), 90))
                    .as(
                            "every request answered once the database is back (%d of %d)",
                            fleet.acknowledged(), fleet.total())
                    .isTrue();
            assertThat(unanswered)
                    .as("what was unanswered during the restart is answered after it")
                    .allMatch(e -> e.acknowledgedAt() > up);
            StoredSessions stored = StoredSessions.read(service.api());
            assertThat(stored.notExactly(fleet.lastEvents()))
                    .as("sessions without their final counters")
                    .isEmpty();
            assertThat(stored.size()).isEqualTo(SOCKETS * SUBSCRIBERS_PER_SOCKET);
            System.out.printf(
                    "PostgreSQL restart under load: %d requests, %d answered before it, %d unanswered then, %d"
                            + " retransmissions in all; seconds: start %.1f, load %.1f, down %.1f, rest %.1f%n",
                    fleet.total(),
                    acknowledged.size(),
                    unanswered.size(),
                    fleet.retransmissions(),
                    ServiceKillIT.seconds(began, started),
                    ServiceKillIT.seconds(started, down),
                    ServiceKillIT.seconds(down, back),
                    ServiceKillIT.seconds(back, System.nanoTime()));
        } finally {
            fleet.close();
            try {
                if (service != null) {
                    service.close();
                }
            } finally {
                postgres.close();
            }
        }
    }
}
