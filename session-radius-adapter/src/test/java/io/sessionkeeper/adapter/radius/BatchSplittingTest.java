package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.AccountingListenerCounters;
import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.StoreRejectedDataException;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the listener does with a batch the store fails, by the kind of failure: refused data is isolated by
 * committing the batch in halves; an unavailable store is not split. Three NAS on three loopback addresses share one
 * writer, so that their packets ride in one batch.
 */
class BatchSplittingTest {
    private static final String SECRET = "nas-secret";
    private static final int PER_NAS = 4;
    private static final String POISON = "poison-user";

    private final AccountingTestBed bed = new AccountingTestBed();
    private final List<UdpPeer> peers = new ArrayList<>();

    @AfterEach
    void stop() {
        bed.close();
        peers.forEach(UdpPeer::close);
    }

    /** Three NAS, one writer, batches that wait long enough to take every packet sent here. */
    private void startThreeNas() throws Exception {
        for (int n = 1; n <= 3; n++) {
            bed.register("nas-" + n, "127.0.0." + n, SECRET);
            peers.add(new UdpPeer(InetAddress.getByName("127.0.0." + n), 0));
        }
        bed.start(s -> s.withWriters(1).withBatching(100, Duration.ofMillis(400)));
    }

    /** Each NAS sends {@link #PER_NAS} Starts, once; NAS 2's third one is {@code poisoned}'s user when given. */
    private Map<UdpPeer, List<Integer>> sendOnce(String poisoned) {
        Map<UdpPeer, List<Integer>> sent = new HashMap<>();
        for (int i = 0; i < PER_NAS; i++) {
            for (int n = 0; n < peers.size(); n++) {
                UdpPeer peer = peers.get(n);
                int identifier = 10 * (n + 1) + i;
                String user = poisoned != null && n == 1 && i == 2 ? poisoned : "user-" + n + "-" + i;
                peer.send(TestPacket.start(identifier, "S" + identifier, user).sign(SECRET), bed.port());
                sent.computeIfAbsent(peer, p -> new ArrayList<>()).add(identifier);
            }
        }
        return sent;
    }

    /** The Identifiers each NAS got an answer for, without retransmitting anything. */
    private Map<UdpPeer, List<Integer>> answers() {
        Map<UdpPeer, List<Integer>> answered = new HashMap<>();
        for (UdpPeer peer : peers) {
            List<Integer> ids = new ArrayList<>();
            for (UdpPeer.Received answer : peer.receiveAll(1_500)) {
                ids.add(answer.octets()[1] & 0xFF);
            }
            answered.put(peer, ids);
        }
        return answered;
    }

    private static boolean poisoned(List<AccountingEvent> events) {
        return events.stream().anyMatch(e -> POISON.equals(e.username()));
    }

    @Test
    void anEventTheStoreRefusesIsIsolatedAndEveryOtherEventOfItsBatchIsAnsweredAtItsFirstTry() throws Exception {
        startThreeNas();
        bed.tracker.failWhen(events -> poisoned(events)
                ? new StoreRejectedDataException("the database refused the data (SQLSTATE 23514)", null)
                : null);

        Map<UdpPeer, List<Integer>> sent = sendOnce(POISON);
        Map<UdpPeer, List<Integer>> answered = answers();

        assertThat(answered.get(peers.get(0))).containsExactlyInAnyOrderElementsOf(sent.get(peers.get(0)));
        assertThat(answered.get(peers.get(2))).containsExactlyInAnyOrderElementsOf(sent.get(peers.get(2)));
        assertThat(answered.get(peers.get(1))).containsExactlyInAnyOrder(20, 21, 23);
        List<List<AccountingEvent>> attempts = bed.tracker.attempts();
        assertThat(attempts.get(0)).as("one batch of every NAS's packets").hasSize(3 * PER_NAS);
        List<AccountingEvent> expectedOrder = new ArrayList<>(attempts.get(0));
        expectedOrder.removeIf(e -> POISON.equals(e.username()));
        assertThat(bed.tracker.events()).as("committed in arrival order").containsExactlyElementsOf(expectedOrder);
        assertThat(bed.sessions()).hasSize(3 * PER_NAS - 1).noneMatch(s -> POISON.equals(s.username()));
        // an answer is counted right after it is sent: the client may have it before the counter moves
        AccountingListenerCounters.Snapshot stats =
                bed.awaitStats(s -> s.answered() == 3 * PER_NAS - 1, Duration.ofSeconds(5));
        assertThat(stats.dropped(DropReason.REJECTED_BY_STORE)).isEqualTo(1);
        assertThat(stats.droppedTotal()).isEqualTo(1);
        assertThat(stats.answered()).isEqualTo(3 * PER_NAS - 1);
        assertThat(attempts.size())
                .as("halving: about 2 log2(12) attempts, not one per event")
                .isLessThanOrEqualTo(9);
    }

    @Test
    void anUnavailableStoreIsNotSplitAndNothingIsAnswered() throws Exception {
        startThreeNas();
        bed.tracker.failWhen(
                events -> new StoreUnavailableException("the database is unavailable (SQLSTATE 08006)", null));

        sendOnce(null);
        Map<UdpPeer, List<Integer>> answered = answers();

        assertThat(answered.values()).allSatisfy(ids -> assertThat(ids).isEmpty());
        assertThat(bed.tracker.attempts()).singleElement().satisfies(batch -> assertThat(batch)
                .hasSize(3 * PER_NAS));
        AccountingListenerCounters.Snapshot stats = bed.stats();
        assertThat(stats.dropped(DropReason.COMMIT_FAILED)).isEqualTo(3 * PER_NAS);
        assertThat(stats.failedBatches()).isEqualTo(1);
        assertThat(stats.answered()).isZero();
    }

    @Test
    void aFailureOfUnknownKindIsNotSplitEither() throws Exception {
        startThreeNas();
        bed.tracker.failWhen(events -> new IllegalStateException("a bug"));

        sendOnce(null);

        assertThat(answers().values()).allSatisfy(ids -> assertThat(ids).isEmpty());
        assertThat(bed.tracker.attempts()).hasSize(1);
        assertThat(bed.stats().dropped(DropReason.COMMIT_FAILED)).isEqualTo(3 * PER_NAS);
    }

    @Test
    void whenTheStoreBecomesUnavailableWhileABatchIsSplitTheRestIsNotTried() throws Exception {
        startThreeNas();
        bed.tracker.failWhen(events -> events.size() == 3 * PER_NAS
                ? new StoreRejectedDataException("the database refused the data (SQLSTATE 22021)", null)
                : new StoreUnavailableException("the database is unavailable (SQLSTATE 57P01)", null));

        sendOnce(POISON);

        assertThat(answers().values()).allSatisfy(ids -> assertThat(ids).isEmpty());
        assertThat(bed.tracker.attempts()).extracting(List::size).containsExactly(3 * PER_NAS, 3 * PER_NAS / 2);
        AccountingListenerCounters.Snapshot stats = bed.stats();
        assertThat(stats.dropped(DropReason.COMMIT_FAILED)).isEqualTo(3 * PER_NAS);
        assertThat(stats.dropped(DropReason.REJECTED_BY_STORE)).isZero();
    }

    @Test
    void theRetransmissionOfARefusedEventIsProcessedAgainAndRefusedAgain() throws Exception {
        startThreeNas();
        bed.tracker.failWhen(events -> poisoned(events)
                ? new StoreRejectedDataException("the database refused the data (SQLSTATE 23514)", null)
                : null);
        byte[] poison = TestPacket.start(99, "S99", POISON).sign(SECRET);

        peers.get(1).send(poison, bed.port());
        assertThat(peers.get(1).receive(1_500)).isEmpty();
        peers.get(1).send(poison, bed.port());
        assertThat(peers.get(1).receive(1_500)).isEmpty();

        assertThat(bed.stats().dropped(DropReason.REJECTED_BY_STORE)).isEqualTo(2);
        assertThat(bed.stats().dropped(DropReason.DUPLICATE_IN_FLIGHT)).isZero();
    }
}
