package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TerminateCause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writers by subscriber: one NAS's events spread over every writer, a subscriber's events keep their order on one
 * writer, and an Accounting-On waits for everything its NAS sent before it, whichever writer holds it. Real UDP, the
 * domain's rules on the in-memory repository, four writers.
 */
class WriterPartitionTest {
    private static final String SECRET = "partition-secret";
    private static final int WRITERS = 4;
    private final AccountingTestBed bed = new AccountingTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void oneNasUsesEveryWriter() throws Exception {
        bed.register("bng", "127.0.0.1", SECRET);
        bed.start(s -> s.withWriters(WRITERS).withBatching(8, Duration.ofMillis(5)));
        try (UdpPeer nas = new UdpPeer()) {
            for (int i = 0; i < 64; i++) {
                nas.send(TestPacket.start(i, "P-" + i, "user-" + i).sign(SECRET), bed.port());
            }
            bed.awaitStats(s -> s.answered() == 64, Duration.ofSeconds(10));
        }

        assertThat(bed.sessions()).hasSize(64);
        assertThat(bed.tracker.threads())
                .as("64 subscribers of one NAS, hashed over %d writers", WRITERS)
                .hasSize(WRITERS);
    }

    @Test
    void aSubscribersEventsKeepTheirOrderSoANewStartFromTheSameDeviceSupersedesTheOldOne() throws Exception {
        bed.register("bng", "127.0.0.1", SECRET);
        bed.start(s -> s.withWriters(WRITERS).withBatching(4, Duration.ofMillis(2)));
        int users = 60;
        long now = Instant.now().getEpochSecond();
        try (UdpPeer nas = new UdpPeer()) {
            for (int i = 0; i < users; i++) {
                // the same user, NAS and MAC: the second Start means the first session's Stop was lost
                nas.send(startAt(2 * i, "OLD-" + i, "user-" + i, now - 60).sign(SECRET), bed.port());
                nas.send(startAt(2 * i + 1, "NEW-" + i, "user-" + i, now).sign(SECRET), bed.port());
            }
            bed.awaitStats(s -> s.answered() == 2 * users, Duration.ofSeconds(10));
        }

        Map<String, Session> byId =
                bed.sessions().stream().collect(Collectors.toMap(Session::acctSessionId, Function.identity()));
        for (int i = 0; i < users; i++) {
            assertThat(byId.get("OLD-" + i).terminateCause())
                    .as("OLD-%d closed by the Start after it", i)
                    .isEqualTo(TerminateCause.SUPERSEDED);
            assertThat(byId.get("NEW-" + i).isActive()).as("NEW-%d open", i).isTrue();
        }
        assertThat(bed.tracker.threads()).hasSizeGreaterThan(1);
    }

    @Test
    void anAccountingOnClosesEverySessionItsNasStartedBeforeItWhicheverWriterHeldTheStart() throws Exception {
        Nas bng = bed.register("bng", "127.0.0.1", SECRET);
        bed.start(s -> s.withWriters(WRITERS).withBatching(50, Duration.ofMillis(20)));
        // Starts only of subscribers on writers other than the Accounting-On's, and slow to commit: without a
        // barrier the Accounting-On would run at once on its idle writer, before those Starts, which would stay open
        int owner = AccountingListener.writerIndex(bng.id(), null, WRITERS);
        List<String> users = IntStream.range(0, 400)
                .mapToObj(i -> "user-" + i)
                .filter(user -> AccountingListener.writerIndex(bng.id(), user, WRITERS) != owner)
                .limit(40)
                .toList();
        bed.tracker.delay(event -> event.isSessionEvent(), Duration.ofMillis(500));
        long now = Instant.now().getEpochSecond();
        try (UdpPeer nas = new UdpPeer()) {
            for (int i = 0; i < users.size(); i++) {
                nas.send(startAt(i, "R-" + i, users.get(i), now - 5).sign(SECRET), bed.port());
            }
            nas.send(
                    TestPacket.accountingRequest(200)
                            .integer(40, 7) // Accounting-On
                            .string(44, "0")
                            .integer(55, now)
                            .sign(SECRET),
                    bed.port());
            bed.awaitStats(s -> s.answered() == users.size() + 1, Duration.ofSeconds(20));
        }

        List<Session> sessions = bed.sessions();
        assertThat(sessions).hasSize(users.size());
        assertThat(sessions)
                .as("every session the NAS started before its Accounting-On is closed by it")
                .allSatisfy(s -> assertThat(s.terminateCause()).isEqualTo(TerminateCause.NAS_REBOOT));
    }

    private static TestPacket startAt(int identifier, String acctSessionId, String username, long epochSeconds) {
        return TestPacket.start(identifier % 256, acctSessionId, username).integer(55, epochSeconds);
    }
}
