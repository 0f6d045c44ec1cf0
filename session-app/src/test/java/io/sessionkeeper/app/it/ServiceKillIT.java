package io.sessionkeeper.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 in the middle of the load loses nothing that was acknowledged. A NAS with many subscribers on several
 * sockets (every writer busy) sends Starts and Interim-Updates; once half of them are answered, the service — and
 * its embedded PostgreSQL with it — is killed with SIGKILL at the first answer after a pause (the start of a
 * batch's answers: a service that answered before its commit would be caught with the commit not made). Started
 * again on the same data directory and ports, it has every acknowledged event with at least the acknowledged
 * counters, answers the NAS's retransmissions of the unanswered ones, and ends with every session's final counters
 * exactly.
 */
@Timeout(240)
class ServiceKillIT {
    private static final String SECRET = "kill-secret";
    // more subscribers per socket than its 256 identifiers: a subscriber has one event outstanding at a time
    private static final int SOCKETS = 6;
    private static final int SUBSCRIBERS_PER_SOCKET = 260;
    private static final int INTERIMS = 1;

    @Test
    void noAcknowledgedEventIsLostWhenTheServiceIsKilledUnderLoadAndTheRestartAnswersTheRetransmissions()
            throws Exception {
        long began = System.nanoTime();
        Path dataDir = ScratchDirectories.create("sessionkeeper-kill");
        Map<String, String> env = new HashMap<>(Map.of("SESSION_RATE_LIMIT_PER_MINUTE", "0"));
        ServiceProcess service = ServiceProcess.start(dataDir, env);
        NasFleet fleet = new NasFleet(SECRET, "KILL", SOCKETS, SUBSCRIBERS_PER_SOCKET, INTERIMS);
        long started = System.nanoTime();
        try {
            assertThat(service.api().post("/api/nas", """
                            {"name":"BNG","ipAddress":"127.0.0.1","secret":"%s"}""".formatted(SECRET)).status())
                    .isEqualTo(201);
            // Killed in the middle of the load, the moment answers begin to come after a pause: a service that
            // answered a batch before its commit would be caught with that commit not made.
            CompletableFuture<Void> kill = fleet.whenAcknowledged(
                    fleet.total() / 2, Duration.ofMillis(2), fleet.total() * 2 / 3, service::kill);
            fleet.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), service.radiusPort()));
            assertThat(kill)
                    .as("half the load answered, then the kill:%n%s", service.output())
                    .succeedsWithin(Duration.ofSeconds(90));
            long killed = System.nanoTime();
            fleet.pause();
            Thread.sleep(500); // answers sent before the kill, still on their way, are read
            List<NasFleet.Event> acknowledged =
                    fleet.events().stream().filter(NasFleet.Event::acknowledged).toList();
            List<NasFleet.Event> unanswered = fleet.events().stream()
                    .filter(e -> e.firstSent() != 0 && !e.acknowledged())
                    .toList();
            assertThat(acknowledged.size())
                    .as("killed in the middle of the load")
                    .isLessThan(fleet.total());
            assertThat(unanswered).as("the kill left requests unanswered").isNotEmpty();

            env.put("SESSION_HTTP_PORT", Integer.toString(service.httpPort()));
            env.put("SESSION_RADIUS_ACCT_PORT", Integer.toString(service.radiusPort()));
            try (ServiceProcess restarted = ServiceProcess.start(dataDir, env)) {
                long restartedAt = System.nanoTime();
                assertThat(StoredSessions.read(restarted.api()).notReflecting(acknowledged))
                        .as("acknowledged before the kill, not stored after it")
                        .isEmpty();

                long resumed = System.nanoTime();
                fleet.resume();
                assertThat(fleet.awaitAcknowledged(fleet.total(), 90))
                        .as("every request answered after the restart (%d of %d)", fleet.acknowledged(), fleet.total())
                        .isTrue();
                assertThat(unanswered)
                        .as(
                                "the retransmissions of what was unanswered at the kill are answered by the restarted service")
                        .allMatch(e -> e.acknowledgedAt() > resumed);
                StoredSessions stored = StoredSessions.read(restarted.api());
                assertThat(stored.notExactly(fleet.lastEvents()))
                        .as("sessions without their final counters")
                        .isEmpty();
                assertThat(stored.size()).isEqualTo(SOCKETS * SUBSCRIBERS_PER_SOCKET);
                System.out.printf(
                        "kill -9 under load: %d requests, %d answered before the kill, %d unanswered then, %d"
                                + " retransmissions in all; seconds: start %.1f, load %.1f, restart %.1f, rest %.1f%n",
                        fleet.total(),
                        acknowledged.size(),
                        unanswered.size(),
                        fleet.retransmissions(),
                        seconds(began, started),
                        seconds(started, killed),
                        seconds(killed, restartedAt),
                        seconds(restartedAt, System.nanoTime()));
            }
        } finally {
            fleet.close();
            service.close();
        }
    }

    static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}
