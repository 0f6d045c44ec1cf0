package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The background pool of the service's defaults serves its jobs at once: the stale cleanup and the alert sweep each
 * hold their lock on one connection and work on another, and the webhook workers need one meanwhile. With two
 * connections the two locks took both, and the work of each waited 30 s for a connection that never came.
 */
class BackgroundPoolTest {
    @Test
    void twoJobsHoldingTheirLocksStillFindConnectionsForTheirWorkAndAWebhookWorker() throws Exception {
        TestDatabase database = TestDatabase.get();
        database.truncate();
        try (PostgresPersistence persistence =
                PostgresPersistence.open(database.asExternal(ConnectionPools.defaults()), database.keys(), false)) {
            CyclicBarrier bothLocked = new CyclicBarrier(2);
            CompletableFuture<Optional<Long>> cleanup = job(persistence, "stale-cleanup", bothLocked);
            CompletableFuture<Optional<Long>> sweep = job(persistence, "alert-sweep", bothLocked);
            assertThat(cleanup.get(20, TimeUnit.SECONDS)).contains(0L);
            assertThat(sweep.get(20, TimeUnit.SECONDS)).contains(0L);
        }
    }

    /** A job under its lock: waits until the other holds its lock too, then works and lets a delivery work. */
    private static CompletableFuture<Optional<Long>> job(
            PostgresPersistence persistence, String lock, CyclicBarrier bothLocked) {
        return CompletableFuture.supplyAsync(() -> persistence.runExclusively(lock, () -> {
            try {
                bothLocked.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            persistence
                    .alertsBackground()
                    .webhooks()
                    .claimDue(java.time.Instant.now(), java.time.Duration.ofSeconds(1), 1);
            return persistence.background().sessions().count(SessionFilter.all(TenantId.of("acme")));
        }));
    }
}
