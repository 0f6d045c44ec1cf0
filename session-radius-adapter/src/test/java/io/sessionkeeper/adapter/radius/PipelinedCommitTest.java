package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A writer gathers and prepares its next batch while the previous one commits; an answer still leaves only after
 * the commit of its own batch. One writer, batches of one event, commits held at a gate by the test.
 */
class PipelinedCommitTest {
    private static final String SECRET = "pipeline-secret";
    private final AccountingTestBed bed = new AccountingTestBed();

    @AfterEach
    void close() {
        bed.tracker.openCommits();
        bed.close();
    }

    @Test
    void theNextBatchIsPreparedWhileThePreviousCommitsAndNothingIsAnsweredBeforeItsCommit() throws Exception {
        bed.register("bng", "127.0.0.1", SECRET);
        bed.start(s -> s.withWriters(1).withBatching(1, Duration.ZERO));
        bed.tracker.holdCommits();
        try (UdpPeer nas = new UdpPeer()) {
            nas.send(TestPacket.start(1, "PIPE-1", "alice").sign(SECRET), bed.port());
            nas.send(TestPacket.start(2, "PIPE-2", "bob").sign(SECRET), bed.port());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (bed.tracker.attempts().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertThat(bed.tracker.attempts())
                    .as("the second batch was prepared while the first one's commit is held")
                    .hasSize(2);
            assertThat(nas.receiveAll(300)).as("no answer before a commit").isEmpty();
            assertThat(bed.sessions()).as("nothing committed").isEmpty();

            bed.tracker.openCommits();
            List<UdpPeer.Received> answers = nas.receiveAll(1000);
            assertThat(answers).extracting(a -> (int) a.octets()[1]).containsExactly(1, 2);
            assertThat(bed.sessions()).hasSize(2);
        }
    }

    @Test
    void anAnswersWaitIsCountedFromTheRequestsAcceptanceToItsAnswerAfterTheCommit() throws Exception {
        bed.register("bng", "127.0.0.1", SECRET);
        bed.start(s -> s.withWriters(1).withBatching(1, Duration.ZERO));
        bed.tracker.holdCommits();
        try (UdpPeer nas = new UdpPeer()) {
            long sent = System.nanoTime();
            nas.send(TestPacket.start(1, "WAIT-1", "alice").sign(SECRET), bed.port());
            long deadline = sent + Duration.ofSeconds(10).toNanos();
            while (bed.tracker.attempts().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(300);
            bed.tracker.openCommits();
            assertThat(nas.receiveAll(1000)).hasSize(1);
            long waitedMillis = Duration.ofNanos(System.nanoTime() - sent).toMillis();

            var ack = bed.counters.snapshot().ackMillis();
            assertThat(ack.count()).isEqualTo(1);
            assertThat(ack.max())
                    .as("the commit held 300 ms; the answer came within what the NAS waited")
                    .isBetween(300L, waitedMillis);
        }
    }
}
