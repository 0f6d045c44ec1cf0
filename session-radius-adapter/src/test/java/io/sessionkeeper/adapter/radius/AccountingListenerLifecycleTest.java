package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.radius.testing.AccountingListenerCounters;
import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start, stop and the listener's own checks, driven with exact octets from a bare socket. */
class AccountingListenerLifecycleTest {
    private static final String SECRET = "s3cret";

    private final AccountingTestBed bed = new AccountingTestBed();

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void closeCommitsAndAnswersWhatWasAcceptedThenStopsListening() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start(s -> s.withBatching(2, Duration.ZERO));
        bed.tracker.delay(Duration.ofMillis(150));
        try (UdpPeer nas = new UdpPeer()) {
            byte[][] requests = new byte[6][];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = TestPacket.start(i, "8200000" + i, "user" + i).sign(SECRET);
                nas.send(requests[i], bed.port());
            }
            bed.awaitStats(s -> s.received() == 6, Duration.ofSeconds(2));

            long started = System.nanoTime();
            bed.listener().close();
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            List<UdpPeer.Received> answers = nas.receiveAll(200);
            assertThat(answers).hasSize(6);
            for (UdpPeer.Received answer : answers) {
                int id = answer.octets()[1];
                assertThat(TestPacket.validResponse(answer.octets(), requests[id], SECRET))
                        .isTrue();
            }
            assertThat(bed.sessions()).hasSize(6);
            assertThat(tookMillis).isGreaterThanOrEqualTo(300).isLessThan(5_000);
            nas.send(TestPacket.start(9, "82000009", "late").sign(SECRET), bed.port());
            assertThat(nas.receive(300)).isEmpty();
        }
    }

    @Test
    void whatCannotBeCommittedBeforeTheStopTimeoutIsNotAnswered() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start(s -> s.withBatching(1, Duration.ZERO).withStopTimeout(Duration.ofMillis(300)));
        bed.tracker.hold();
        try (UdpPeer nas = new UdpPeer()) {
            for (int i = 0; i < 3; i++) {
                nas.send(TestPacket.start(i, "8300000" + i, "user" + i).sign(SECRET), bed.port());
            }
            bed.awaitStats(s -> s.received() == 3, Duration.ofSeconds(2));

            long started = System.nanoTime();
            bed.listener().close();
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(tookMillis).isLessThan(3_000);
            assertThat(nas.receiveAll(200)).isEmpty();
            AccountingListenerCounters.Snapshot stats = bed.stats();
            assertThat(stats.dropped(DropReason.COMMIT_FAILED) + stats.dropped(DropReason.NOT_COMMITTED_AT_STOP))
                    .isEqualTo(3);
            assertThat(stats.answered()).isZero();
        } finally {
            bed.tracker.open();
        }
    }

    @Test
    void anEventTheDomainRefusesDoesNotHoldBackTheOthersOfItsBatch() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        // one writer: the three subscribers' events in one batch
        bed.start(s -> s.withBatching(10, Duration.ofMillis(200)).withWriters(1));
        bed.tracker.refuse(event -> "poison".equals(event.username()));
        try (UdpPeer nas = new UdpPeer()) {
            nas.send(TestPacket.start(1, "86000001", "good-1").sign(SECRET), bed.port());
            nas.send(TestPacket.start(2, "86000002", "poison").sign(SECRET), bed.port());
            nas.send(TestPacket.start(3, "86000003", "good-2").sign(SECRET), bed.port());

            List<UdpPeer.Received> answers = nas.receiveAll(500);

            assertThat(answers).extracting(a -> (int) a.octets()[1]).containsExactlyInAnyOrder(1, 3);
            assertThat(bed.sessions()).extracting(s -> s.username()).containsExactlyInAnyOrder("good-1", "good-2");
            AccountingListenerCounters.Snapshot stats = bed.stats();
            assertThat(stats.dropped(DropReason.COMMIT_FAILED)).isEqualTo(1);
            assertThat(stats.failedBatches())
                    .as("[1 2 3] refused, [1] committed, [2 3] refused, [2] refused")
                    .isEqualTo(3);
            assertThat(stats.batches()).as("[1] and [3]").isEqualTo(2);
        }
    }

    @Test
    void anUnavailableStoreFailsTheBatchOnceInsteadOfEventByEvent() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start(s -> s.withBatching(10, Duration.ofMillis(200)).withWriters(1));
        bed.repository.failWith(new StoreUnavailableException("database unavailable: test", null));
        try (UdpPeer nas = new UdpPeer()) {
            for (int i = 1; i <= 3; i++) {
                nas.send(TestPacket.start(i, "8700000" + i, "user-" + i).sign(SECRET), bed.port());
            }

            AccountingListenerCounters.Snapshot stats =
                    bed.awaitStats(s -> s.dropped(DropReason.COMMIT_FAILED) == 3, Duration.ofSeconds(5));

            assertThat(nas.receiveAll(300)).isEmpty();
            assertThat(stats.failedBatches())
                    .as("one try for the batch, none per event")
                    .isEqualTo(1);
        }
    }

    @Test
    void malformedDatagramsAreDroppedAndCounted() throws Exception {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
        byte[] valid = TestPacket.start(1, "84000001", "alice").sign(SECRET);
        try (UdpPeer nas = new UdpPeer()) {
            nas.send(Arrays.copyOf(valid, 12), bed.port());
            nas.send(Arrays.copyOf(valid, valid.length - 3), bed.port());
            byte[] badAttribute = valid.clone();
            badAttribute[21] = 1;
            nas.send(badAttribute, bed.port());

            AccountingListenerCounters.Snapshot stats =
                    bed.awaitStats(s -> s.dropped(DropReason.MALFORMED) == 3, Duration.ofSeconds(2));

            assertThat(stats.dropped(DropReason.MALFORMED)).isEqualTo(3);
            assertThat(nas.receive(200)).isEmpty();
            nas.send(valid, bed.port());
            assertThat(nas.receive(2000)).isPresent();
        }
    }

    @Test
    void aPortInUseCannotBeBound() {
        bed.start();
        AccountingTestBed second = new AccountingTestBed();

        assertThatThrownBy(() -> second.start(s -> s.withBind(s.bindAddress(), bed.port())))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot listen");
    }

    @Test
    void settingsRejectNonsense() {
        AccountingListenerSettings defaults = AccountingListenerSettings.defaults();

        assertThat(defaults.port()).isEqualTo(1813);
        assertThatThrownBy(() -> defaults.withQueueCapacity(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withDuplicateCache(Duration.ofSeconds(1), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withBatching(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
