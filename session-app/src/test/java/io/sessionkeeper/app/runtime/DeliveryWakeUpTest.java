package io.sessionkeeper.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryWakeUpTest {
    @Test
    void idleWaitsDoubleUpToTheLongestAndWorkResetsThem() throws Exception {
        DeliveryWakeUp wakeUp = new DeliveryWakeUp(10, 40);
        DeliveryWakeUp.Idle idle = wakeUp.new Idle();

        assertThat(idle.nextWaitMillis()).isEqualTo(10);
        assertThat(idle.await()).isFalse();
        assertThat(idle.nextWaitMillis()).isEqualTo(20);
        assertThat(idle.await()).isFalse();
        assertThat(idle.await()).isFalse();
        assertThat(idle.nextWaitMillis()).isEqualTo(40);
        assertThat(idle.await()).isFalse();
        assertThat(idle.nextWaitMillis()).isEqualTo(40);

        idle.busy();
        assertThat(idle.nextWaitMillis()).isEqualTo(10);
    }

    @Test
    void aSignalWakesAWaitingWorkerAtOnceAndResetsItsWait() throws Exception {
        DeliveryWakeUp wakeUp = new DeliveryWakeUp(60_000, 120_000);
        DeliveryWakeUp.Idle idle = wakeUp.new Idle();
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> awaitQuietly(idle));
        Thread.sleep(100);

        wakeUp.signal();

        // a minute's wait ends on the signal: get() would time out after ten seconds otherwise
        assertThat(woken.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(idle.nextWaitMillis()).isEqualTo(60_000);
    }

    @Test
    void aSignalGivenWhileWorkersDeliverIsSeenByEachAtItsNextWait() throws Exception {
        DeliveryWakeUp wakeUp = new DeliveryWakeUp(60_000, 60_000);
        DeliveryWakeUp.Idle first = wakeUp.new Idle();
        DeliveryWakeUp.Idle second = wakeUp.new Idle();

        wakeUp.signal();

        assertThat(CompletableFuture.supplyAsync(() -> awaitQuietly(first)).get(10, TimeUnit.SECONDS))
                .isTrue();
        assertThat(CompletableFuture.supplyAsync(() -> awaitQuietly(second)).get(10, TimeUnit.SECONDS))
                .isTrue();
    }

    private static boolean awaitQuietly(DeliveryWakeUp.Idle idle) {
        try {
            return idle.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
