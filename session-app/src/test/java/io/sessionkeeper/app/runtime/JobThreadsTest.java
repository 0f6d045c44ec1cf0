package io.sessionkeeper.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobThreadsTest {
    private record Failure(String thread, Throwable error) {}

    private final List<Failure> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch failed = new CountDownLatch(1);
    private final ScheduledExecutorService scheduler = JobThreads.scheduler("test-job", 1, () -> (thread, error) -> {
        handled.add(new Failure(thread.getName(), error));
        failed.countDown();
    });

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void anOutOfMemoryErrorThatEndsAPeriodicJobReachesTheHandlerOnTheJobsThread() throws InterruptedException {
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");
        scheduler.scheduleWithFixedDelay(
                () -> {
                    throw error;
                },
                0,
                10,
                TimeUnit.MILLISECONDS);

        assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handled).containsExactly(new Failure("test-job", error));
    }

    @Test
    void aJobThatFailsOnItsThirdRoundIsReportedOnceAndRunsNoMore() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        IllegalStateException bug = new IllegalStateException("a bug");
        scheduler.scheduleWithFixedDelay(
                () -> {
                    if (rounds.incrementAndGet() == 3) {
                        throw bug;
                    }
                },
                0,
                5,
                TimeUnit.MILLISECONDS);

        assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        assertThat(rounds).hasValue(3);
        assertThat(handled).extracting(Failure::error).containsExactly(bug);
    }

    @Test
    void jobsThatRunWellOrAreCancelledReportNothingAndRunOnDaemonThreads() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(5);
        List<Boolean> daemons = new CopyOnWriteArrayList<>();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    daemons.add(Thread.currentThread().isDaemon());
                    ran.countDown();
                },
                0,
                5,
                TimeUnit.MILLISECONDS);
        scheduler.submit(() -> daemons.add(Thread.currentThread().isDaemon()));

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(handled).isEmpty();
        assertThat(daemons).containsOnly(true);
    }
}
